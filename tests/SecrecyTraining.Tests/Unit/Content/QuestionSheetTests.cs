using System.IO.Compression;
using System.Text;
using MiniExcelLibs;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Tests.Unit.Content;

/// <summary>The 题库 sheet reader: the layouts Chinese exam systems write, and each kind of mistake named by its row.</summary>
public sealed class QuestionSheetTests
{
    private static readonly RegulationName[] Regulations =
    [
        new("BMF", ["中华人民共和国保守国家秘密法", "保守国家秘密法", "保密法"]),
        new("BMFSS", ["中华人民共和国保守国家秘密法实施条例", "保守国家秘密法实施条例", "保密法实施条例"]),
        new("QD", ["青岛市供销社保密管理工作制度"]),
    ];

    private static readonly HashSet<string> Clauses = ["BMF.28", "BMF.5", "BMFSS.27", "QD.3", "QD.3.4"];

    private static IReadOnlyList<QuestionSheetRow> Parse(params Dictionary<string, string>[] rows) =>
        QuestionSheet.Parse([.. rows.Select((r, i) => new SheetRow(i + 2, r))], "qd-ch3", Regulations, Clauses);

    private static Dictionary<string, string> Row(string type, string stem, string answer, string a = "甲", string b = "乙", string c = "", string explanation = "依据《保密法》第二十八条。") => new()
    {
        ["试题类型"] = type,
        ["题目"] = stem,
        ["选项A"] = a,
        ["选项B"] = b,
        ["选项C"] = c,
        ["正确答案"] = answer,
        ["试题解析"] = explanation,
    };

    [Theory]
    [InlineData("单选", "A", QuestionType.Single)]
    [InlineData("单项选择题", "a", QuestionType.Single)]
    [InlineData("1", "A", QuestionType.Single)]
    [InlineData("多选题", "A、B", QuestionType.Multiple)]
    [InlineData("多项选择题", "A;B", QuestionType.Multiple)]
    [InlineData("2", "A,B", QuestionType.Multiple)]
    [InlineData("多选", "AB", QuestionType.Multiple)]
    public void TypesAndAnswersAreReadInEveryCommonSpelling(string type, string answer, QuestionType expected)
    {
        var row = Assert.Single(Parse(Row(type, "题干", answer, c: "丙")));

        Assert.Empty(row.Problems);
        Assert.Equal(expected, row.Form.Type);
        Assert.Equal(expected == QuestionType.Single ? [0] : [0, 1], row.Form.Correct);
        Assert.Equal("qd-ch3", row.Form.Bank);
    }

    [Theory]
    [InlineData("对", true)]
    [InlineData("√", true)]
    [InlineData("正确", true)]
    [InlineData("是", true)]
    [InlineData("T", true)]
    [InlineData("错", false)]
    [InlineData("×", false)]
    [InlineData("错误", false)]
    [InlineData("否", false)]
    [InlineData("F", false)]
    public void JudgementsAreReadAsChineseSystemsWriteThem(string answer, bool expected)
    {
        var row = Assert.Single(Parse(Row("判断题", "题干", answer, a: "", b: "")));

        Assert.Empty(row.Problems);
        Assert.Equal((QuestionType.TrueFalse, (bool?)expected), (row.Form.Type, row.Form.TrueFalse));
    }

    [Theory]
    [InlineData("依据《保密法》第二十八条（三）。", "BMF.28")]
    [InlineData("《中华人民共和国保守国家秘密法》第五条", "BMF.5")]
    [InlineData("见《保密法实施条例》第二十七条", "BMFSS.27")]
    [InlineData("《保密管理工作制度》三（四）规定……", "QD.3.4")]
    [InlineData("《保密管理工作制度》三", "QD.3")]
    [InlineData("《保密法》第五条、第二十八条", "BMF.5,BMF.28")]
    [InlineData("《保密管理工作制度》三（四）和三", "QD.3.4")]
    public void ClausesAreRecognisedInTheExplanation(string explanation, string clause)
    {
        var row = Assert.Single(Parse(Row("单选", "题干", "A", explanation: explanation)));

        Assert.Empty(row.Problems);
        Assert.Equal(clause.Split(','), row.RecognisedClauses);
    }

    [Fact]
    public void AFillInRowsBlanksAreSeparatedByBarsAndItsAlternativesBySemicolonsAndAShortAnswersIsItsReference()
    {
        var fill = Row("填空题", "国家秘密的密级分为____、____、____三级。", "绝密|机密；机密级|秘密", a: "", b: "");
        var essay = Row("简答", "简述涉密人员离岗时应当履行的义务。", "清退涉密载体，签订离岗保密承诺书，遵守脱密期管理。", a: "", b: "");
        essay["评分标准"] = "清退载体 4 分，承诺书 3 分，脱密期 3 分。";

        var rows = Parse(fill, essay);

        Assert.Equal((QuestionType.FillBlank, "绝密\n机密；机密级\n秘密"), (rows[0].Form.Type, rows[0].Form.BlankAnswers));
        Assert.Equal((QuestionType.ShortAnswer, "清退涉密载体，签订离岗保密承诺书，遵守脱密期管理。", "清退载体 4 分，承诺书 3 分，脱密期 3 分。"),
            (rows[1].Form.Type, rows[1].Form.Reference, rows[1].Form.Rubric));
        Assert.All(rows, r => Assert.Empty(r.Problems));
    }

    [Fact]
    public void AClausesColumnWinsOverTheText()
    {
        var row = Row("单选", "题干", "A");
        row["条款"] = "QD.3.4, BMF.5";
        var read = Assert.Single(Parse(row));

        Assert.Equal("QD.3.4, BMF.5", read.Form.Clauses);
        Assert.Empty(read.RecognisedClauses);
    }

    public static TheoryData<string, Dictionary<string, string>, string> Mistakes => new()
    {
        { "unknown type", Row("计算题", "题干", "A"), "第 2 行：题型“计算题”无法识别" },
        { "missing type", Row("", "题干", "A"), "第 2 行：缺少题型" },
        { "missing stem", Row("单选", "", "A"), "第 2 行：缺少题干" },
        { "missing answer", Row("单选", "题干", ""), "第 2 行：缺少答案" },
        { "answer not a letter", Row("单选", "题干", "1"), "第 2 行：答案“1”中的“1”不是选项字母（A–H）" },
        { "answer beyond the options", Row("单选", "题干", "C"), "第 2 行：答案 C 对应的选项C是空的" },
        { "judgement not recognised", Row("判断", "题干", "大概"), "第 2 行：判断题的答案“大概”无法识别" },
        { "difficulty out of range", new Dictionary<string, string>(Row("单选", "题干", "A")) { ["难度"] = "9" }, "第 2 行：难度“9”应为 1–5 或 易、中、难" },
        { "no clause at all", Row("单选", "题干", "A", explanation: "常识。"), "第 2 行：没有条款" },
        { "an unknown regulation", Row("单选", "题干", "A", explanation: "依据《档案法》第五条。"), "第 2 行：《档案法》不是已导入的规章" },
        { "an article that does not exist", Row("单选", "题干", "A", explanation: "依据《保密法》第九十九条。"), "第 2 行：“《保密法》第九十九条”对应的条款 BMF.99 不存在" },
    };

    [Theory, MemberData(nameof(Mistakes))]
    public void EachMistakeIsNamedByItsRow(string kind, Dictionary<string, string> row, string expected)
    {
        var problems = Assert.Single(Parse(row)).Problems.Select(p => p.ToString()).ToList();

        Assert.True(problems.Any(p => p.StartsWith(expected, StringComparison.Ordinal)), $"{kind}: {string.Join(" | ", problems)}");
    }

    [Fact]
    public void ADuplicateStemNamesTheRowItRepeats()
    {
        var rows = Parse(Row("单选", "同一题干", "A"), Row("单选", "另一题干", "A"), Row("单选", "同一题干", "B"));

        Assert.Equal("第 4 行：题干与第 2 行重复", Assert.Single(rows[2].Problems).ToString());
    }

    [Fact]
    public void ASheetWithoutTheRequiredColumnsIsRefusedAtItsHeader()
    {
        var problems = QuestionSheet.HeaderProblems([new SheetRow(2, new Dictionary<string, string> { ["姓名"] = "张三", ["工号"] = "1" })]);

        Assert.StartsWith("第 1 行缺少必需的列", Assert.Single(problems).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ACsvSavedByChineseExcelInGb18030IsRead()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var csv = Encoding.GetEncoding("GB18030").GetBytes("题型,题干,选项A,选项B,答案,解析\r\n单选,秘密文件存放在哪里？,保密柜,抽屉,A,依据《保密法》第二十八条\r\n");
        var (rows, problems) = Spreadsheet.Read(csv, "题库.csv", 1024 * 1024);

        Assert.Empty(problems);
        Assert.Equal("秘密文件存放在哪里？", Assert.Single(rows).Cells["题干"]);
    }

    [Fact]
    public void RepeatedColumnNamesAndTooManyRowsAreRefused()
    {
        var repeated = Spreadsheet.Read("题型,答案,答案 \r\n单选,A,B\r\n"u8.ToArray(), "题库.csv", 1024 * 1024).Problems;
        Assert.Equal("第 1 行的列名“答案”重复：每一列的名称应各不相同", Assert.Single(repeated).ToString());

        var many = new StringBuilder("题型,题干,答案\r\n");
        for (var i = 0; i <= Spreadsheet.MaxRows; i++)
        {
            many.Append("单选,题").Append(i).Append(",A\r\n");
        }

        var tooMany = Spreadsheet.Read(Encoding.UTF8.GetBytes(many.ToString()), "题库.csv", 10 * 1024 * 1024).Problems;
        Assert.Equal($"文件超过 {Spreadsheet.MaxRows} 行：请分成几个文件导入", Assert.Single(tooMany).ToString());
    }

    [Fact]
    public void AnXlsxRoundTripsThroughTheReader()
    {
        using var buffer = new MemoryStream();
        buffer.SaveAs(new[] { new Dictionary<string, object> { ["题型"] = "单选", ["题干"] = "秘密文件存放在哪里？", ["选项A"] = "保密柜", ["选项B"] = "抽屉", ["答案"] = "A", ["解析"] = "《保密法》第二十八条" } });
        var (rows, problems) = Spreadsheet.Read(buffer.ToArray(), "题库.xlsx", 1024 * 1024);

        Assert.Empty(problems);
        Assert.Equal(["BMF.28"], Assert.Single(QuestionSheet.Parse(rows, "b", Regulations, Clauses)).RecognisedClauses);
    }

    [Theory]
    [InlineData("hidden sheet", "工作簿有隐藏的工作表（旧题）")]
    [InlineData("merged cells", "第 2 行：有合并的单元格（A2:A3）")]
    [InlineData("formula", "第 3 行：单元格 E3 是公式")]
    public void WhatCannotBeReadFaithfullyIsRefused(string kind, string expected)
    {
        var problems = Spreadsheet.Read(Workbook(kind), "题库.xlsx", 1024 * 1024).Problems.Select(p => p.ToString()).ToList();

        Assert.True(problems.Any(p => p.StartsWith(expected, StringComparison.Ordinal)), $"{kind}: {string.Join(" | ", problems)}");
    }

    [Fact]
    public void AHugeFileOrOneThatIsNotASpreadsheetIsRefused()
    {
        using var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("xl/worksheets/sheet1.xml").Open();
            entry.Write(new byte[3 * 1024 * 1024]);
        }

        Assert.StartsWith("无法读取文件：解压后超过 1 MB", Assert.Single(Spreadsheet.Read(bomb.ToArray(), "题库.xlsx", 1024 * 1024).Problems).ToString(), StringComparison.Ordinal);
        Assert.StartsWith("无法读取文件", Assert.Single(Spreadsheet.Read("not a zip"u8.ToArray(), "题库.xlsx", 1024 * 1024).Problems).ToString(), StringComparison.Ordinal);
        Assert.StartsWith("请上传 .xlsx 或 .csv 文件", Assert.Single(Spreadsheet.Read("x"u8.ToArray(), "题库.doc", 1024 * 1024).Problems).ToString(), StringComparison.Ordinal);
    }

    /// <summary>A minimal workbook with one thing the reader must refuse.</summary>
    private static byte[] Workbook(string kind)
    {
        const string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var sheets = kind == "hidden sheet"
            ? $"<sheets><sheet name=\"题库\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"旧题\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/></sheets>"
            : "<sheets><sheet name=\"题库\" sheetId=\"1\" r:id=\"rId1\"/></sheets>";
        var extra = kind switch
        {
            "merged cells" => "<mergeCells count=\"1\"><mergeCell ref=\"A2:A3\"/></mergeCells>",
            _ => "",
        };
        var formula = kind == "formula" ? "<c r=\"E3\"><f>E2</f><v>A</v></c>" : "";
        var sheet = $"<worksheet xmlns=\"{ns}\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>题型</t></is></c></row>" +
                    $"<row r=\"3\">{formula}</row></sheetData>{extra}</worksheet>";
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string path, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }

            Add("xl/workbook.xml", $"<workbook xmlns=\"{ns}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">{sheets}</workbook>");
            Add("xl/worksheets/sheet1.xml", sheet);
        }

        return buffer.ToArray();
    }
}
