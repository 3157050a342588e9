using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Content;

/// <summary>The 保密办's content pages: question bank, courses as trainees see them, import history and uploads.</summary>
[Authorize(Policy = Policies.SecrecyOffice)]
[Route("content")]
public sealed class ContentController(
    AppDbContext db,
    ContentImporter importer,
    IConfiguration configuration,
    IHostEnvironment environment,
    IStringLocalizer<SharedResource> localizer,
    TimeProvider clock,
    Audit.AuditLog audit)
    : Controller
{
    private const int PageSize = 30;
    public const long MaxUploadBytes = 20 * 1024 * 1024;

    [HttpGet("questions")]
    public async Task<IActionResult> Questions(QuestionFilter filter)
    {
        var query = await FilteredAsync(filter);
        var total = await query.CountAsync();
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        filter.Page = Math.Clamp(filter.Page, 1, pages);
        var questions = await query.OrderBy(q => q.Bank).ThenBy(q => q.Key)
            .Skip((filter.Page - 1) * PageSize).Take(PageSize)
            .Include(q => q.Clauses)
            .ToListAsync();
        var rows = questions.Select(q => new QuestionRow(q, [.. q.Clauses.Select(c => c.ClauseId).Order()])).ToList();
        var needsReview = await db.Questions.CountAsync(q => q.IsCurrent && q.NeedsReview);
        return View(new QuestionBankViewModel(filter, rows, total, pages, needsReview));
    }

    /// <summary>
    /// The current questions the filters select, in the 导入 Excel layout (编号 and 条款 included), so the file imports back to
    /// the same questions; audited like every export of keys.
    /// </summary>
    [HttpGet("questions/export.xlsx")]
    public async Task<IActionResult> ExportXlsx(QuestionFilter filter)
    {
        var questions = await (await FilteredAsync(filter)).Include(q => q.Clauses).OrderBy(q => q.Bank).ThenBy(q => q.Key).ToListAsync();
        await audit.AppendAsync(User.Identity!.Name!, "export.questions", filter.Query() is { Length: > 0 } query ? query : "all banks", $"{questions.Count} questions with their keys (xlsx)");
        var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, questions.Select(QuestionSheet.ToRow));
        stream.Position = 0;
        return File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "题库.xlsx");
    }

    private async Task<IQueryable<Question>> FilteredAsync(QuestionFilter filter)
    {
        var query = db.Questions.AsNoTracking().Where(q => q.IsCurrent);
        if (SearchTerm.Normalize(filter.Clause) is { } clause)
        {
            var subtree = await ClauseSubtreeAsync(clause);
            query = query.Where(q => q.Clauses.Any(c => subtree.Contains(c.ClauseId)));
        }

        if (filter.Type is { } type)
        {
            query = query.Where(q => q.Type == type);
        }

        if (filter.Difficulty is { } difficulty)
        {
            query = query.Where(q => q.Difficulty == difficulty);
        }

        if (filter.NeedsReview)
        {
            query = query.Where(q => q.NeedsReview);
        }

        if (SearchTerm.Normalize(filter.Q) is { } term)
        {
            // Substring search: Chinese has no spaces between words, so this is what finds 保密柜 inside a sentence.
            query = query.Where(q => q.Stem.Contains(term) || (q.Explanation != null && q.Explanation.Contains(term)) || q.Key.Contains(term) || q.Tags.Contains(term));
        }

        return query;
    }

    /// <summary>The current bank (or one bank of it) in Moodle's GIFT format, clauses and difficulty kept in comment lines.</summary>
    [HttpGet("questions/export.gift")]
    public async Task<IActionResult> ExportGift(string? bank)
    {
        bank = SearchTerm.Normalize(bank);
        var questions = await db.Questions.AsNoTracking().Include(q => q.Clauses)
            .Where(q => q.IsCurrent && (bank == null || q.Bank == bank))
            .OrderBy(q => q.Bank).ThenBy(q => q.Key).ToListAsync();
        var gift = Gift.GiftWriter.Write(questions.Select(ContentImporter.ToDoc));
        await audit.AppendAsync(User.Identity!.Name!, "export.questions", bank ?? "all banks", $"{questions.Count} questions with their keys (GIFT)");
        return File(System.Text.Encoding.UTF8.GetBytes(gift), "text/plain; charset=utf-8", $"{bank ?? "questions"}.gift");
    }

    [HttpPost("questions/{id:int}/reviewed")]
    public async Task<IActionResult> QuestionReviewed(int id, string? returnUrl)
    {
        var question = await db.Questions.SingleOrDefaultAsync(q => q.Id == id);
        if (question is null)
        {
            return NotFound();
        }

        question.NeedsReview = false;
        await audit.AppendAsync(User.Identity!.Name!, "question.reviewed", $"question:{question.Key}", $"version {question.Version}");
        TempData["Message"] = localizer["题目 {0} 已标记为已复核。", question.Key].Value;
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/content/questions");
    }

    [HttpGet("courses")]
    public async Task<IActionResult> Courses()
    {
        var courses = await db.Courses.AsNoTracking().Where(c => !c.IsRetired)
            .Include(c => c.Lessons.Where(l => !l.IsRetired)).ThenInclude(l => l.Clauses)
            .AsSplitQuery().OrderBy(c => c.Id).ToListAsync();
        return View(courses.Select(c => new CourseViewModel(c,
            [.. c.Lessons.OrderBy(l => l.Order).Select(l => (l, (IReadOnlyList<string>)[.. l.Clauses.Select(x => x.ClauseId)]))])).ToList());
    }

    /// <summary>The lesson exactly as a trainee reads it, with its clause citations opening the regulation at that clause.</summary>
    [HttpGet("courses/{courseId}/{slug}")]
    public async Task<IActionResult> Lesson(string courseId, string slug)
    {
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == courseId);
        var lesson = await db.Lessons.AsNoTracking().Include(l => l.Clauses).SingleOrDefaultAsync(l => l.CourseId == courseId && l.Slug == slug);
        if (course is null || lesson is null)
        {
            return NotFound();
        }

        var ids = lesson.Clauses.Select(c => c.ClauseId).ToList();
        var clauses = await db.Clauses.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.RegulationId).ThenBy(c => c.SortOrder).ToListAsync();
        return View(new LessonViewModel(course, lesson, clauses));
    }

    [HttpPost("courses/{courseId}/{slug}/reviewed")]
    public async Task<IActionResult> LessonReviewed(string courseId, string slug)
    {
        var lesson = await db.Lessons.SingleOrDefaultAsync(l => l.CourseId == courseId && l.Slug == slug);
        if (lesson is null)
        {
            return NotFound();
        }

        lesson.NeedsReview = false;
        await audit.AppendAsync(User.Identity!.Name!, "lesson.reviewed", $"lesson:{courseId}/{slug}");
        TempData["Message"] = localizer["课时“{0}”已标记为已复核。", lesson.Title].Value;
        return RedirectToAction(nameof(Courses));
    }

    [HttpGet("imports")]
    public async Task<IActionResult> Imports() =>
        View(await db.ContentImports.AsNoTracking().OrderByDescending(i => i.Id).Take(200).ToListAsync());

    [HttpGet("imports/{id:int}")]
    public async Task<IActionResult> Import(int id) =>
        await db.ContentImports.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id) is { } import ? View(import) : NotFound();

    /// <summary>
    /// Approves a targeted refresher for the people certified on the old text of the clauses this import changed; the
    /// content-refresher job assigns it (within minutes, or now by hand with <c>jobs run content-refresher</c>).
    /// </summary>
    [HttpPost("imports/{id:int}/approve-refresher")]
    public async Task<IActionResult> ApproveRefresher(int id)
    {
        var import = await db.ContentImports.SingleOrDefaultAsync(i => i.Id == id);
        if (import is null)
        {
            return NotFound();
        }

        if (import.ChangedClauses.Length > 0 && import.RefresherApprovedAt is null)
        {
            (import.RefresherApprovedAt, import.RefresherApprovedBy) = (clock.GetUtcNow(), User.Identity!.Name);
            await audit.AppendAsync(User.Identity!.Name!, "content.refresher-approved", $"content-import:{id}", $"changed clauses: {import.ChangedClauses}");
        }

        return Redirect($"/content/imports/{id}");
    }

    /// <summary>Item analysis (the nightly item-statistics job's figures): per question, and rolled up per clause and chapter.</summary>
    [HttpGet("items")]
    public async Task<IActionResult> Items(bool flagged, [FromServices] ItemAnalysisPage page, CancellationToken ct) =>
        View(await page.BuildAsync(flagged, ct));

    [HttpGet("upload")]
    public IActionResult Upload() => View(new UploadViewModel(null, [], null));

    /// <summary>The live content as a zip in the content/ formats (what <c>content export</c> writes), edits in the page included.</summary>
    [HttpGet("export.zip")]
    public async Task<IActionResult> Export([FromServices] ContentExport export, CancellationToken ct)
    {
        var zip = await export.ZipAsync(ct);
        await audit.AppendAsync(User.Identity!.Name!, "export.content", "content", "download (every answer key and reference answer)", ct);
        Response.Headers.CacheControl = "no-store";
        return File(zip, "application/zip", $"content-{LocalTime.Date(clock.GetUtcNow()):yyyyMMdd}.zip");
    }

    /// <summary>
    /// A zip of a whole content directory, or one GIFT bank added to the configured content directory. It goes through the
    /// validation of <c>content validate</c>, then the import is run and rolled back to show what it would change (added,
    /// changed, retired, edits in the page it would keep or overwrite); nothing is written until the 保密办 approves it.
    /// </summary>
    [HttpPost("upload")]
    [RequestSizeLimit(MaxUploadBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes)]
    public async Task<IActionResult> Upload(IFormFile? file, bool overAppEdits, [FromServices] PendingUploads uploads, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", localizer["请选择要上传的文件。"]);
            return View(new UploadViewModel(null, [], null));
        }

        var name = Path.GetFileName(file.FileName);
        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, cancellationToken);
        }

        var (result, view) = await ImportUploadAsync(content, name, overAppEdits, dryRun: true, cancellationToken);
        if (view is not null)
        {
            return view;
        }

        if (result!.Status == ImportStatus.Unchanged)
        {
            return View(new UploadViewModel(name, [], result.Report));
        }

        var token = await uploads.SaveAsync("content", Path.GetExtension(name), content, cancellationToken);
        return View(new UploadViewModel(name, [], null) { Preview = result.Report, Token = token, OverAppEdits = overAppEdits });
    }

    /// <summary>The 保密办 approves the previewed upload: the same bytes are checked and imported again, all or nothing.</summary>
    [HttpPost("upload/commit")]
    public async Task<IActionResult> CommitUpload(string? token, string? fileName, bool overAppEdits, [FromServices] PendingUploads uploads, CancellationToken cancellationToken)
    {
        if (await uploads.ClaimAsync("content", token, cancellationToken) is not { } content)
        {
            ModelState.AddModelError("file", localizer["导入已失效，请重新上传文件。"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Upload), new UploadViewModel(null, [], null));
        }

        var name = Path.GetFileNameWithoutExtension(Path.GetFileName(fileName ?? "upload")) + Path.GetExtension(token!);
        var (result, view) = await ImportUploadAsync(content, name, overAppEdits, dryRun: false, cancellationToken);
        if (view is not null)
        {
            return view;
        }

        TempData["Message"] = result!.Report.Split('\n')[0];
        return result.ImportId is { } id ? RedirectToAction(nameof(Import), new { id }) : RedirectToAction(nameof(Imports));
    }

    /// <summary>Reads and imports (or previews) an upload; a view to show instead when it cannot be read or has problems.</summary>
    private async Task<(ContentImportResult? Result, IActionResult? View)> ImportUploadAsync(
        byte[] content, string name, bool overAppEdits, bool dryRun, CancellationToken cancellationToken)
    {
        IReadOnlyList<ContentFile> files;
        try
        {
            files = ReadUpload(content, name);
        }
        catch (Exception e) when (e is InvalidDataException or DirectoryNotFoundException or NotSupportedException)
        {
            ModelState.AddModelError("file", localizer["无法读取上传的文件：{0}", e.Message]);
            return (null, View(nameof(Upload), new UploadViewModel(name, [], null)));
        }

        ContentImportResult result;
        try
        {
            result = await importer.ImportAsync(files, "upload:" + name, User.Identity!.Name!, cancellationToken: cancellationToken, overAppEdits: overAppEdits, dryRun: dryRun);
        }
        catch (Exception e) when (DatabaseUnavailable.IsStorageFull(e))
        {
            // The import's transaction was rolled back: the database is as it was before the upload.
            ModelState.AddModelError("file", localizer["数据库所在磁盘已满，内容未导入，数据库保持原样。请联系管理员释放空间后重试。"]);
            Response.StatusCode = StatusCodes.Status507InsufficientStorage;
            return (null, View(nameof(Upload), new UploadViewModel(name, [], null)));
        }

        if (result.Status == ImportStatus.Invalid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return (null, View(nameof(Upload), new UploadViewModel(name, result.Problems, result.Report)));
        }

        return (result, null);
    }

    private IReadOnlyList<ContentFile> ReadUpload(byte[] content, string name)
    {
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (extension == ".zip")
        {
            return ContentFiles.FromZip(new MemoryStream(content));
        }

        if (extension is not (".gift" or ".txt"))
        {
            throw new NotSupportedException(localizer["只接受 .zip（整个内容目录）或 .gift（GIFT 题库）文件。"]);
        }

        var text = new StreamReader(new MemoryStream(content)).ReadToEnd();
        var gift = new ContentFile($"questions/{Path.GetFileNameWithoutExtension(name)}.gift", text.Replace("\r\n", "\n"));
        var current = ContentFiles.FromDirectory(ContentLocation.Resolve(configuration, environment));
        return [.. current.Where(f => f.Path != gift.Path), gift];
    }

    private async Task<HashSet<string>> ClauseSubtreeAsync(string root)
    {
        var parents = await db.Clauses.AsNoTracking().Select(c => new { c.Id, c.ParentId }).ToListAsync();
        var subtree = new HashSet<string> { root };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var c in parents.Where(c => c.ParentId is not null && subtree.Contains(c.ParentId) && !subtree.Contains(c.Id)))
            {
                subtree.Add(c.Id);
                grew = true;
            }
        }

        return subtree;
    }
}
