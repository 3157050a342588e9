using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Unit;

public sealed class GateTests
{
    private static readonly Dictionary<string, string> Names = new() { ["pre-duty"] = "上岗保密培训合格", ["x"] = "涉密计算机" };

    [Fact]
    public void EveryMissingItemIsNamedInTheWordsOfTheIssue()
    {
        var missing = Gate.Missing(new GateFacts(["pre-duty", "x"], [], Names, false, VettingResult.Pending));

        Assert.Equal(
            ["缺少有效的上岗保密培训合格证书", "缺少有效的涉密计算机证书", "未签署保密承诺书", "未完成上岗前保密审查"],
            missing.Select(m => m.ToString()));
    }

    [Fact]
    public void TheGateHoldsOnlyWhenEverythingIsInPlace()
    {
        Assert.Empty(Gate.Missing(new GateFacts(["pre-duty"], ["pre-duty", "other"], Names, true, VettingResult.Passed)));
        Assert.Equal(["上岗前保密审查未通过"], Gate.Missing(new GateFacts(["pre-duty"], ["pre-duty"], Names, true, VettingResult.Failed)).Select(m => m.ToString()));
        Assert.Equal(["缺少有效的上岗保密培训合格证书"], Gate.Missing(new GateFacts(["pre-duty"], ["x"], Names, true, VettingResult.Passed)).Select(m => m.ToString()));
    }
}
