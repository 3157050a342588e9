using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Features.Content.Reading;

/// <summary>The Chinese words a content author may write instead of the English enum names.</summary>
internal static class Aliases
{
    public static readonly IReadOnlyDictionary<string, PostLevel> Levels = new Dictionary<string, PostLevel>
    {
        ["核心"] = PostLevel.Core,
        ["重要"] = PostLevel.Important,
        ["一般"] = PostLevel.General,
    };

    public static readonly IReadOnlyDictionary<string, CertificationCycle> Cycles = new Dictionary<string, CertificationCycle>
    {
        ["滚动"] = CertificationCycle.Rolling,
        ["自然年"] = CertificationCycle.Calendar,
    };

    public static readonly IReadOnlyDictionary<string, QuestionType> QuestionTypes = new Dictionary<string, QuestionType>(StringComparer.OrdinalIgnoreCase)
    {
        ["single"] = QuestionType.Single,
        ["multiple"] = QuestionType.Multiple,
        ["truefalse"] = QuestionType.TrueFalse,
        ["fill"] = QuestionType.FillBlank,
        ["short"] = QuestionType.ShortAnswer,
        ["单选"] = QuestionType.Single,
        ["多选"] = QuestionType.Multiple,
        ["判断"] = QuestionType.TrueFalse,
        ["填空"] = QuestionType.FillBlank,
        ["简答"] = QuestionType.ShortAnswer,
    };

    public static readonly IReadOnlyDictionary<string, CommitmentKind> CommitmentKinds = new Dictionary<string, CommitmentKind>
    {
        ["上岗"] = CommitmentKind.OnDuty,
        ["离岗"] = CommitmentKind.OffDuty,
    };
}
