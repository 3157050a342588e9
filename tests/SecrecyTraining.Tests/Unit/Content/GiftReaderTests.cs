using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Features.Content.Gift;

namespace SecrecyTraining.Tests.Unit.Content;

public sealed class GiftReaderTests
{
    private const string FilePath = "questions/basics.gift";
    private const string DefaultBank = "基础";

    [Fact]
    public void SingleChoiceQuestionIsReadWithItsOptionsAndItsOneCorrectAnswer()
    {
        var result = Read("""
            ::Q1::涉密载体应当存放在哪里？{=密码柜 ~办公桌抽屉 ~文件筐}
            """);

        Assert.Empty(result.Problems);
        var question = Assert.Single(result.Questions);
        Assert.Equal("Q1", question.Id);
        Assert.Equal(DefaultBank, question.Bank);
        Assert.Equal(QuestionType.Single, question.Type);
        Assert.Equal("涉密载体应当存放在哪里？", question.Stem);
        Assert.Equal(["密码柜", "办公桌抽屉", "文件筐"], Texts(question));
        Assert.Equal([0], question.Correct);
        Assert.Null(question.Explanation);
        Assert.Equal(3, question.Difficulty);
        Assert.Empty(question.Clauses);
        Assert.Empty(question.Tags);
        Assert.Equal(new SourceRef(FilePath, 1), question.Source);
    }

    [Fact]
    public void AnswersWithPositiveWeightsAreTheCorrectOptionsOfAMultipleChoiceQuestion()
    {
        var result = Read("""
            ::Q2::哪些属于涉密载体？{~%50%纸介质文件 ~%-100%公开报纸 ~%50%存储介质 ~%0%宣传海报}
            """);

        var question = Assert.Single(result.Questions);
        Assert.Equal(QuestionType.Multiple, question.Type);
        Assert.Equal(["纸介质文件", "公开报纸", "存储介质", "宣传海报"], Texts(question));
        Assert.Equal([0, 2], question.Correct);
    }

    [Fact]
    public void WeightedAnswersWithoutAnEqualsSignMakeAMultipleChoiceQuestionEvenWithOneCorrectOption()
    {
        var result = Read("""
            ::Q3::请选出全部正确项。{~%100%只有这一项 ~%-100%这项不对 ~另一项也不对}
            """);

        var question = Assert.Single(result.Questions);
        Assert.Equal(QuestionType.Multiple, question.Type);
        Assert.Equal([0], question.Correct);
    }

    [Theory]
    [InlineData("T", true)]
    [InlineData("F", false)]
    [InlineData("TRUE", true)]
    [InlineData("FALSE", false)]
    [InlineData("t", true)]
    [InlineData("False", false)]
    public void TrueFalseAnswerIsReadInEverySpelling(string answer, bool isTrue)
    {
        var result = Read($"::TF::涉密人员离岗需脱密期管理。{{{answer}}}");

        var question = Assert.Single(result.Questions);
        Assert.Equal(QuestionType.TrueFalse, question.Type);
        Assert.Equal([QuestionDoc.TrueText, QuestionDoc.FalseText], Texts(question));
        Assert.Equal([isTrue ? 0 : 1], question.Correct);
        Assert.Equal(isTrue, question.IsTrue);
    }

    [Fact]
    public void TrueFalseFeedbackGoesToTheOptionWhoseChoiceEarnsIt()
    {
        var result = Read("""
            ::TF1::绝密级国家秘密可以在互联网上传输。{F#错了，绝密信息严禁上网。#答对了。####依据保密法第二十八条。}

            ::TF2::保密期限届满即自行解密。{TRUE#错了，届满自行解密。#答对了。}

            ::TF3::携带涉密载体外出须经批准。{T#只有答错时才看到。}
            """);

        Assert.Empty(result.Problems);
        var (tf1, tf2, tf3) = (result.Questions[0], result.Questions[1], result.Questions[2]);
        Assert.Equal("错了，绝密信息严禁上网。", tf1.Options[0].Feedback);
        Assert.Equal("答对了。", tf1.Options[1].Feedback);
        Assert.Equal("依据保密法第二十八条。", tf1.Explanation);
        Assert.Equal("答对了。", tf2.Options[0].Feedback);
        Assert.Equal("错了，届满自行解密。", tf2.Options[1].Feedback);
        Assert.Null(tf3.Options[0].Feedback);
        Assert.Equal("只有答错时才看到。", tf3.Options[1].Feedback);
    }

    [Fact]
    public void OptionFeedbackAndGeneralFeedbackAreKept()
    {
        var result = Read("""
            ::Q4::发现泄密事件应当？{
            =立即报告 #正确，须第一时间报告。
            ~自行处理 #不得自行处理。
            ~不予理会
            ####依据第四十一条。
            }
            """);

        var question = Assert.Single(result.Questions);
        Assert.Equal(["立即报告", "自行处理", "不予理会"], Texts(question));
        Assert.Equal(["正确，须第一时间报告。", "不得自行处理。", null], question.Options.Select(o => o.Feedback));
        Assert.Equal("依据第四十一条。", question.Explanation);
    }

    [Fact]
    public void QuestionNameBecomesTheIdAndAnUnnamedQuestionIsNumberedInItsBankWithoutAProblem()
    {
        var result = Read("""
            ::  Q-甲  ::题一{=对 ~错}

            题二{=对 ~错}

            ::Q-丙::题三{=对 ~错}

            题四{=对 ~错}
            """);

        Assert.Empty(result.Problems);
        Assert.Equal(["Q-甲", "基础-2", "Q-丙", "基础-4"], result.Questions.Select(q => q.Id));
        Assert.Equal("题二", result.Questions[1].Stem);
    }

    [Fact]
    public void CategorySetsTheBankOfTheQuestionsThatFollowIt()
    {
        var result = Read("""
            题一{=对 ~错}

            $CATEGORY: $course$/top/保密法规

            题二{=对 ~错}

            $CATEGORY: 保密/ 技术防范
            题三{=对 ~错}

            题四{=对 ~错}
            """);

        Assert.Empty(result.Problems);
        Assert.Equal(
            [("基础", "基础-1"), ("保密法规", "保密法规-1"), ("技术防范", "技术防范-1"), ("技术防范", "技术防范-2")],
            result.Questions.Select(q => (q.Bank, q.Id)));
    }

    [Theory]
    [InlineData(@"\~", "~")]
    [InlineData(@"\=", "=")]
    [InlineData(@"\#", "#")]
    [InlineData(@"\{", "{")]
    [InlineData(@"\}", "}")]
    [InlineData(@"\:", ":")]
    [InlineData(@"\\", @"\")]
    [InlineData(@"\n", "\n")]
    public void EscapedCharacterIsReadAsItselfInNamesStemsAnswersAndFeedback(string escaped, string meant)
    {
        var result = Read($"::名{escaped}称::题{escaped}干{{=对{escaped}的#反{escaped}馈 ~错{escaped}的####解{escaped}析}}");

        Assert.Empty(result.Problems);
        var question = Assert.Single(result.Questions);
        Assert.Equal($"名{meant}称", question.Id);
        Assert.Equal($"题{meant}干", question.Stem);
        Assert.Equal([$"对{meant}的", $"错{meant}的"], Texts(question));
        Assert.Equal($"反{meant}馈", question.Options[0].Feedback);
        Assert.Equal($"解{meant}析", question.Explanation);
    }

    [Fact]
    public void CommentLinesAreIgnoredAndMetadataCommentsFillClausesDifficultyAndTags()
    {
        var result = Read("""
            // 第一章 基础知识
            // clauses: QD.4.1, QD.4.2
            // difficulty: 4
            // tags: 载体，复制, 外发
            // note: 这一行只是说明
            ::Q1::复制绝密载体需要？{
            // 答案中间的注释同样被忽略
            =原定密机关批准
            ~处室负责人同意
            }

            ::Q2::没有元数据的题目{=对 ~错}
            """);

        Assert.Empty(result.Problems);
        var (q1, q2) = (result.Questions[0], result.Questions[1]);
        Assert.Equal(["QD.4.1", "QD.4.2"], q1.Clauses);
        Assert.Equal(4, q1.Difficulty);
        Assert.Equal(["载体", "复制", "外发"], q1.Tags);
        Assert.Equal("复制绝密载体需要？", q1.Stem);
        Assert.Equal(["原定密机关批准", "处室负责人同意"], Texts(q1));
        Assert.Equal(6, q1.Source.Line);
        Assert.Empty(q2.Clauses);
        Assert.Equal(3, q2.Difficulty);
        Assert.Empty(q2.Tags);
    }

    [Fact]
    public void DifficultyThatIsNotAWholeNumberIsReportedOnItsLine()
    {
        var result = Read("""
            // difficulty: 高
            ::Q1::题一{=对 ~错}

            ::Q2::题二{=对 ~错}
            """);

        Assert.Equal(["Q2"], result.Questions.Select(q => q.Id));
        var problem = Assert.Single(result.Problems);
        Assert.Equal(new SourceRef(FilePath, 1), problem.Where);
        Assert.Equal("难度应为整数：“高”。", problem.Message);
    }

    [Fact]
    public void MetadataCommentsSeparatedFromTheQuestionByABlankLineAreReported()
    {
        var result = Read("""
            // clauses: QD.4.1

            ::Q1::题一{=对 ~错}
            """);

        var question = Assert.Single(result.Questions);
        Assert.Empty(question.Clauses);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("questions/basics.gift:1: 元数据注释后没有题目，已忽略。", problem.ToString());
    }

    [Fact]
    public void QuestionSpanningSeveralLinesIsReadAsOneAndStartsAtItsNameLine()
    {
        var result = Read("""
            ::Q1::题一{=对 ~错}



            ::Q2::
            根据规定，
            下列说法正确的是？
            {
                =甲
                ~乙 #乙的反馈
                    接着写
            }
            """);

        Assert.Empty(result.Problems);
        var question = result.Questions[1];
        Assert.Equal("根据规定，\n下列说法正确的是？", question.Stem);
        Assert.Equal(["甲", "乙"], Texts(question));
        Assert.Equal("乙的反馈\n接着写", question.Options[1].Feedback);
        Assert.Equal(5, question.Source.Line);
    }

    [Fact]
    public void WindowsLineEndingsAreReadLikeUnixOnes()
    {
        var result = Read("::Q1::\r\n第一行\r\n第二行{\r\n=甲\r\n~乙\r\n}\r\n\r\n::Q2::题二{T}\r\n");

        Assert.Empty(result.Problems);
        Assert.Equal("第一行\n第二行", result.Questions[0].Stem);
        Assert.Equal(8, result.Questions[1].Source.Line);
    }

    [Theory]
    [InlineData("[markdown]")]
    [InlineData("[html]")]
    [InlineData("[plain]")]
    [InlineData("[moodle]")]
    public void FormatMarkerBeforeTheStemIsLeftOut(string marker)
    {
        var result = Read($"::Q1::{marker}**务必**遵守{{=对 ~错}}");

        Assert.Equal("**务必**遵守", Assert.Single(result.Questions).Stem);
    }

    [Fact]
    public void AShortAnswerIsAFillInWithOneBlankWhereItsAnswerBlockStandsAndAnEssayIsAShortAnswerWithItsReference()
    {
        var result = Read("""
            // clauses: DEMO.1.1
            ::F1::秘密文件应当存放在{=保密柜 =保密柜内}内。

            ::F2::首都是？{=北京 =Beijing####中华人民共和国首都是北京。}

            // reference: 不得连接互联网，防止窃密。
            // rubric: 指出窃密风险。
            ::E1::简述涉密计算机为什么不能上网。{}

            ::E2::谈谈学习体会。{}
            """);

        var fill = result.Questions.Single(q => q.Id == "F1");
        Assert.Equal((QuestionType.FillBlank, "秘密文件应当存放在____内。"), (fill.Type, fill.Stem));
        Assert.Equal(["保密柜", "保密柜内"], Assert.Single(fill.Blanks));
        var after = result.Questions.Single(q => q.Id == "F2");
        Assert.Equal(("首都是？____", "中华人民共和国首都是北京。"), (after.Stem, after.Explanation));
        var essay = result.Questions.Single(q => q.Id == "E1");
        Assert.Equal((QuestionType.ShortAnswer, "不得连接互联网，防止窃密。", "指出窃密风险。"), (essay.Type, essay.Reference, essay.Rubric));
        Assert.Equal("论述题（essay）缺少参考答案：请在题目前加注释 // reference: 参考答案。", Assert.Single(result.Problems).Message);
        Assert.Equal(3, result.Questions.Count);
    }

    [Theory]
    [InlineData("::M::配对{\n=甲 -> 一\n=乙 -> 二\n}", "匹配题（matching）")]
    [InlineData("::N::一加一等于？{#2:0}", "数值题（numerical）")]
    [InlineData("::W::涉密载体{~可以 =不得}随意携带。", "选择式填空题（missing word）")]
    [InlineData("::D::以下各题考查第二章。", "说明（description）")]
    public void UnsupportedQuestionTypeIsReportedOnItsLineAndTheQuestionsAroundItAreStillRead(string question, string type)
    {
        var result = Read($$"""
            ::前::题一{=对 ~错}

            // difficulty: 2
            {{question}}

            ::后::题二{=对 ~错}
            """);

        Assert.Equal(["前", "后"], result.Questions.Select(q => q.Id));
        var problem = Assert.Single(result.Problems);
        Assert.Equal(new SourceRef(FilePath, 4), problem.Where);
        Assert.Equal($"不支持的 GIFT 题型：{type}，已跳过。", problem.Message);
    }

    [Theory]
    [InlineData("::U::题干{\n=对\n~错", 3, "答案块缺少结尾的“}”。")]
    [InlineData("::U::题干\n{\n=对\n~错", 4, "答案块缺少结尾的“}”。")]
    [InlineData("::Y::题干 =甲 ~乙}", 3, "答案块缺少开头的“{”。")]
    [InlineData("::名称题干{=甲 ~乙}", 3, "题目名称缺少结尾的“::”。")]
    [InlineData("::X::{=甲 ~乙}", 3, "题目缺少题干。")]
    [InlineData("::N::题干{~甲 ~乙}", 3, "题目缺少正确答案。")]
    [InlineData("::N2::题干{~%-100%甲 ~%0%乙}", 3, "题目缺少正确答案。")]
    [InlineData("::T::题干{=甲 =乙 ~丙}", 3, "单选题只能有一个正确答案（=），这里有 2 个。")]
    [InlineData("::P::题干{\n=甲\n~%50%乙\n}", 5, "单选题不支持部分得分：%50%。")]
    [InlineData("::W::题干{\n~%50%甲\n~%abc%乙\n~丙\n}", 5, "权重不是数字：%abc%。")]
    [InlineData("::R::题干{~%150%甲 ~乙}", 3, "权重超出 -100 到 100 的范围：%150%。")]
    [InlineData("::C::题干{~%50甲 ~乙}", 3, "权重缺少结尾的“%”。")]
    [InlineData("::S::题干{~%50%甲 ~%25%乙 ~丙}", 3, "多选题正确选项的权重之和应为 100%，实为 75%。")]
    [InlineData("::O::题干{\n=甲\n~ #只有反馈\n}", 5, "选项内容为空。")]
    [InlineData("::L::题干{\n甲\n~乙}", 4, "无法识别的答案“甲”：选项应以 = 或 ~ 开头。")]
    [InlineData("::F::题干{T#一#二#三}", 3, "判断题最多两段反馈：{T#答错时的反馈#答对时的反馈}。")]
    [InlineData("::B::题干{=甲 {~乙}", 3, "答案块中的“{”应写成“\\{”。")]
    public void MalformedQuestionIsReportedOnTheLineAtFaultAndLeftOut(string question, int line, string message)
    {
        var result = Read($$"""
            ::前::题一{=对 ~错}

            {{question}}

            ::后::题二{=对 ~错}
            """);

        Assert.Equal(["前", "后"], result.Questions.Select(q => q.Id));
        var problem = Assert.Single(result.Problems);
        Assert.Equal(new SourceRef(FilePath, line), problem.Where);
        Assert.Equal(message, problem.Message);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("::")]
    [InlineData(@"\")]
    [InlineData("::a::{")]
    [InlineData("题{~%}")]
    [InlineData("题{=}")]
    [InlineData("题{#}")]
    [InlineData("题{~#}")]
    [InlineData("$CATEGORY:")]
    [InlineData("// tags: 孤立")]
    public void OddTextIsReportedRatherThanThrown(string gift)
    {
        var result = Read(gift);

        Assert.Empty(result.Questions);
        Assert.NotEmpty(result.Problems);
    }

    private static GiftReadResult Read(string gift) => GiftReader.Read(gift, FilePath, DefaultBank);

    private static IEnumerable<string> Texts(QuestionDoc question) => question.Options.Select(o => o.Text);
}
