using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MiniExcelLibs;
using SecrecyTraining.Web.Infrastructure;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;

namespace SecrecyTraining.Web.Features.Content;

/// <summary>The 导入 Excel page: the upload, its preview (every row's problems), the commit, and the template.</summary>
public sealed record QuestionImportViewModel(
    QuestionSheetPreview? Preview, string? Token, string? FileName, string? Bank, IReadOnlyList<string> Banks, string? Error = null, int? Imported = null);

/// <summary>
/// The 保密办 imports a 题库 from Excel or CSV: the checked file waits (owner-only) in the data directory for the commit, which
/// checks it again and saves every row or none.
/// </summary>
[Authorize(Policy = Policies.SecrecyOffice)]
[Route("content/questions/import")]
public sealed class QuestionSheetController(QuestionSheetImport import, QuestionEditor editor, PendingUploads uploads) : Controller
{
    private const string Kind = "questions";

    [HttpGet("")]
    public async Task<IActionResult> Index(string? bank, CancellationToken ct) =>
        View("QuestionImport", new QuestionImportViewModel(null, null, null, bank, await editor.BanksAsync(ct)));

    [HttpPost("")]
    [RequestSizeLimit(QuestionSheetImport.MaxBytes + 64 * 1024)]
    public async Task<IActionResult> Preview(IFormFile? file, string? bank, CancellationToken ct)
    {
        var banks = await editor.BanksAsync(ct);
        if (file is null || file.Length == 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("QuestionImport", new QuestionImportViewModel(null, null, null, bank, banks, Ui.Key("请选择 .xlsx 或 .csv 文件。")));
        }

        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, ct);
        }

        var preview = await import.PreviewAsync(content, file.FileName, bank, ct);
        string? token = null;
        if (preview.CanCommit)
        {
            token = await uploads.SaveAsync(Kind, Path.GetExtension(file.FileName).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? ".csv" : ".xlsx", content, ct);
        }
        else
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        return View("QuestionImport", new QuestionImportViewModel(preview, token, file.FileName, bank, banks));
    }

    [HttpPost("commit")]
    public async Task<IActionResult> Commit(string? token, string? bank, CancellationToken ct)
    {
        var banks = await editor.BanksAsync(ct);
        if (await uploads.ReadAsync(Kind, token, ct) is not { } content)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("QuestionImport", new QuestionImportViewModel(null, null, null, bank, banks, Ui.Key("导入已失效，请重新上传文件。")));
        }

        var (preview, saved) = await import.CommitAsync(content, token!, bank, User.Identity!.Name!, ct);
        if (saved.Count == 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("QuestionImport", new QuestionImportViewModel(preview, null, null, bank, banks, Ui.Key("题库已变化，文件不能导入；请修改后重新上传。")));
        }

        uploads.Delete(Kind, token!);
        return View("QuestionImport", new QuestionImportViewModel(preview, null, null, bank, banks, null, saved.Count));
    }

    /// <summary>题库导入模板.xlsx: the columns, and one example of each type the import takes.</summary>
    [HttpGet("template.xlsx")]
    public IActionResult Template()
    {
        IEnumerable<Dictionary<string, object?>> Examples()
        {
            Dictionary<string, object?> Row(string type, string stem, string[] options, string answer, string explanation, string difficulty, string source)
            {
                var row = QuestionSheet.Columns.ToDictionary(c => c, _ => (object?)"");
                (row[QuestionSheet.TypeColumn], row[QuestionSheet.StemColumn], row[QuestionSheet.AnswerColumn], row[QuestionSheet.ExplanationColumn],
                    row[QuestionSheet.DifficultyColumn], row[QuestionSheet.SourceColumn], row[QuestionSheet.PointsColumn]) =
                    (type, stem, answer, explanation, difficulty, source, "2");
                for (var i = 0; i < options.Length; i++)
                {
                    row[QuestionSheet.OptionColumn(i)] = options[i];
                }

                return row;
            }

            yield return Row("单选题", "依据《保密法》，下列哪一组是国家秘密的三个密级？", ["绝密、机密、秘密", "绝密、机密、内部", "机密、秘密、内部", "核心、重要、一般"], "A",
                "依据《保密法》第十四条：国家秘密的密级分为绝密、机密、秘密三级。", "易", "《保密法》第十四条");
            yield return Row("多选题", "依据《保密法》，下列行为中属于禁止的有（ ）。", ["非法获取、持有国家秘密载体", "买卖国家秘密载体", "按规定登记后借阅秘密文件", "通过普通邮政传递国家秘密载体"], "A、B、D",
                "依据《保密法》第二十八条（一）（二）（三）：按规定登记借阅不在禁止之列。", "中", "《保密法》第二十八条");
            yield return Row("判断题", "依据《保密法》，任何组织和个人不得买卖、转送或者私自销毁国家秘密载体。", [], "对",
                "依据《保密法》第二十八条（二）。", "易", "《保密法》第二十八条");
            yield return Row("填空题", "依据《保密法》，国家秘密的密级分为____、____、____三级。", [], "绝密|机密|秘密",
                "依据《保密法》第十四条。答案中用 | 分隔各空，同一空的几种答案用 ; 分隔。", "易", "《保密法》第十四条");
            var essay = Row("简答题", "依据《保密法》，简述涉密人员离岗离职时应当遵守的规定。", [], "涉密人员离岗离职应当遵守国家保密规定；机关、单位应当开展保密教育提醒，清退国家秘密载体，实行脱密期管理。",
                "依据《保密法》第四十六条。答案一栏为参考答案，由保密办阅卷评分。", "中", "《保密法》第四十六条");
            essay[QuestionSheet.RubricColumn] = "遵守国家保密规定 2 分；保密教育提醒 2 分；清退载体 3 分；脱密期管理 3 分。";
            yield return essay;
        }

        var stream = new MemoryStream();
        stream.SaveAs(Examples());
        stream.Position = 0;
        return File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "题库导入模板.xlsx");
    }
}
