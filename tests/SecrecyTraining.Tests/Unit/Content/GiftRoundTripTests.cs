using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Features.Content.Gift;

namespace SecrecyTraining.Tests.Unit.Content;

public sealed class GiftRoundTripTests
{
    private static readonly SourceRef Nowhere = new("memory", 0);

    [Fact]
    public void MixedBankReadsBackAsTheSameQuestions()
    {
        QuestionDoc[] bank =
        [
            Question("QD-4.1-01", "保密法规", QuestionType.Single, "国家秘密的密级分为哪几级？",
                [new("绝密、机密、秘密", "正确。"), new("绝密、机密、秘密、内部", "“内部”不是国家秘密的密级。"), new("机密、秘密")],
                [0], explanation: "依据《保密法》第十三条。", clauses: ["QD.4.1", "QD.4.2"], difficulty: 2, tags: ["定密", "密级"]),
            Question("QD-4.1-02", "保密法规", QuestionType.Multiple, "下列哪些属于涉密载体？",
                [new("涉密纸介质文件"), new("公开出版的报纸", "公开出版物不是涉密载体。"), new("存储涉密信息的U盘")],
                [0, 2]),
            Question("TF-真", "保密法规", QuestionType.TrueFalse, "涉密人员离岗离职实行脱密期管理。",
                QuestionDoc.TrueFalseOptions("答对了。", "错了：离岗须脱密。"), [0], explanation: "依据第三十八条。"),
            Question("TF-假", "技术防范", QuestionType.TrueFalse, "涉密计算机可以连接互联网。",
                QuestionDoc.TrueFalseOptions(null, "对，严禁连接。"), [1], difficulty: 5),
            Question("TD-多选-3", "技术防范", QuestionType.Multiple, "以下做法中，哪些符合规定？",
                [new("专机专用"), new("使用个人U盘拷贝"), new("涉密文件加密存储"), new("离开时锁屏")],
                [0, 2, 3], tags: ["计算机"]),
            Question(@"特殊:{字符}#1 \ ~=", "技术防范", QuestionType.Single,
                "含有 ~ = # { } : \\ 的题干，\n第二行；以 % 与 // 结尾 //",
                [new("%5 的人员", "以百分号开头\n仍是选项"), new("a=b ~c", "反馈里有 # 和 {括号}"), new("[html]不是格式标记"), new(@"C:\涉密\目录")],
                [0], explanation: "####不是分隔符：\\n 也不是换行"),
            Question("QD-5.2-01", "保密法规", QuestionType.Single, "[markdown]开头的题干也原样保留？",
                [new("错误选项"), new("%100% 正确选项")], [1], clauses: ["QD.5.2"]),
        ];

        var result = GiftReader.Read(GiftWriter.Write(bank), "roundtrip.gift", "默认题库");

        Assert.Empty(result.Problems);
        Assert.Equal(bank.Length, result.Questions.Count);
        for (var i = 0; i < bank.Length; i++)
            AssertSameQuestion(bank[i], result.Questions[i]);
    }

    [Fact]
    public void AOneBlankFillInAndAShortAnswerReadBackTheSameAndAFillInWithTwoBlanksIsNamedAsLeftOut()
    {
        var fill = new QuestionDoc("F", "题库", QuestionType.FillBlank, "秘密文件应当存放在____内。", [], [], "依据一（一）。", ["QD.1.1"], 1, [], Nowhere)
        {
            Blanks = [["保密柜", "保密柜内"]],
        };
        var essay = new QuestionDoc("E", "题库", QuestionType.ShortAnswer, "简述涉密计算机为什么不能上网。", [], [], null, ["QD.5.2"], 3, [], Nowhere)
        {
            Reference = "防止窃密。",
            Rubric = "指出窃密风险。",
        };
        var two = fill with { Id = "F2", Stem = "____与____", Blanks = [["甲"], ["乙"]] };

        var gift = GiftWriter.Write([fill, essay, two]);
        var result = GiftReader.Read(gift, "roundtrip.gift", "题库");

        Assert.Empty(result.Problems);
        Assert.Equal(2, result.Questions.Count);
        Assert.Equal((fill.Stem, fill.Explanation), (result.Questions[0].Stem, result.Questions[0].Explanation));
        Assert.Equal(fill.Blanks[0], Assert.Single(result.Questions[0].Blanks));
        Assert.Equal((essay.Type, essay.Reference, essay.Rubric), (result.Questions[1].Type, result.Questions[1].Reference, result.Questions[1].Rubric));
        Assert.Contains("F2: 填空题有 2 个空，GIFT 只能表示一个空，未导出", gift);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(7)]
    public void MultipleChoiceWithAnyNumberOfCorrectOptionsReadsBackTheSame(int correctCount)
    {
        var question = Question("M", "题库", QuestionType.Multiple, "选出正确项",
            [.. Enumerable.Range(1, 8).Select(n => new QuestionOption($"选项{n}"))],
            [.. Enumerable.Range(0, correctCount)]);

        var result = GiftReader.Read(GiftWriter.Write([question]), "roundtrip.gift", "题库");

        Assert.Empty(result.Problems);
        AssertSameQuestion(question, Assert.Single(result.Questions));
    }

    [Fact]
    public void WrittenBankIsMoodleGiftWithTheCategoryOnlyWhereTheBankChanges()
    {
        QuestionDoc[] bank =
        [
            Question("Q1", "保密法规", QuestionType.Single, "涉密载体应当存放在？",
                [new("密码柜", "正确"), new("办公桌")], [0], explanation: "依据第 4.1 条。", clauses: ["QD.4.1"], difficulty: 2, tags: ["载体", "存放"]),
            Question("Q2", "保密法规", QuestionType.Multiple, "三个都对",
                [new("甲"), new("乙"), new("丙"), new("丁")], [0, 1, 2]),
            Question("Q3", "技术防范", QuestionType.TrueFalse, "判断：a:b",
                QuestionDoc.TrueFalseOptions("对", "错"), [0], explanation: "解析"),
        ];

        var gift = GiftWriter.Write(bank);

        Assert.Equal("""
            $CATEGORY: 保密法规

            // clauses: QD.4.1
            // difficulty: 2
            // tags: 载体, 存放
            ::Q1::涉密载体应当存放在？{
            	=密码柜#正确
            	~办公桌
            	####依据第 4.1 条。
            }

            // difficulty: 3
            ::Q2::三个都对{
            	~%33.33333%甲
            	~%33.33333%乙
            	~%33.33333%丙
            	~%-100%丁
            }

            $CATEGORY: 技术防范

            // difficulty: 3
            ::Q3::判断：a\:b{T#错#对####解析}

            """, gift);
    }

    private static QuestionDoc Question(
        string id, string bank, QuestionType type, string stem, IReadOnlyList<QuestionOption> options, int[] correct,
        string? explanation = null, string[]? clauses = null, int difficulty = 3, string[]? tags = null) =>
        new(id, bank, type, stem, options, correct, explanation, clauses ?? [], difficulty, tags ?? [], Nowhere);

    private static void AssertSameQuestion(QuestionDoc expected, QuestionDoc actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Bank, actual.Bank);
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.Stem, actual.Stem);
        Assert.Equal(expected.Options, actual.Options);
        Assert.Equal(expected.Correct, actual.Correct);
        Assert.Equal(expected.Explanation, actual.Explanation);
        Assert.Equal(expected.Clauses, actual.Clauses);
        Assert.Equal(expected.Difficulty, actual.Difficulty);
        Assert.Equal(expected.Tags, actual.Tags);
    }
}
