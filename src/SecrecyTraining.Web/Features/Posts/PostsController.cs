using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Infrastructure.Auth;
using SecrecyTraining.Web.Infrastructure.Localization;

namespace SecrecyTraining.Web.Features.Posts;

public sealed record PostRow(int Id, string Department, string Title, PostLevel Level, int Holders);

public sealed class NewPostForm
{
    [Required(ErrorMessage = "请选择处室。")]
    [Display(Name = "处室")]
    public int? DepartmentId { get; set; }

    [Required(ErrorMessage = "请填写岗位名称。")]
    [StringLength(100, ErrorMessage = "岗位名称最长 100 字。")]
    [Display(Name = "岗位")]
    public string? Title { get; set; }

    [Required(ErrorMessage = "请选择涉密等级。")]
    [Display(Name = "涉密等级")]
    public PostLevel? Level { get; set; }
}

public sealed record PostsViewModel(IReadOnlyList<PostRow> Posts, IReadOnlyList<Department> Departments, NewPostForm Form);

public sealed record AssignmentRow(
    int Id, string EmployeeNumber, string PersonName, string Department, string PostTitle, PostLevel Level, PostAssignmentState State,
    VettingResult Vetting, DateTimeOffset ProposedAt, DateOnly? DecryptionEndsOn);

public sealed record AssignmentsViewModel(
    IReadOnlyList<AssignmentRow> Rows, PostAssignmentState? State, IReadOnlyList<PostRow> Posts, string? EmployeeNumber, int? PostId,
    IReadOnlyList<GateItem> Problems, string? ToDo = null);

/// <summary>The lists HR's to-do items link to (<c>/posts/assignments?todo=…</c>), with their headings (zh-CN keys).</summary>
public static class ToDoFilters
{
    public const string Vetting = "vetting";
    public const string Ready = "ready";
    public const string Decryption = "decryption";

    public static readonly string?[] All = [Vetting, Ready, Decryption];

    public static string Heading(string todo) => todo switch
    {
        Vetting => Ui.Key("等待上岗前保密审查的提名"),
        Ready => Ui.Key("已满足上岗条件、可以启用的任用"),
        _ => Ui.Key("脱密期 30 天内结束的人员"),
    };
}

public sealed record TrainingLine(TrainingAssignment Assignment, string ExamTitle);

public sealed record AssignmentViewModel(
    AssignmentRow Row,
    PostAssignment Assignment,
    IReadOnlyList<GateCheck> Gate,
    IReadOnlyList<TrainingLine> Trainings,
    bool OffDutySigned,
    IReadOnlyList<GateItem> Problems,
    string? Done,
    string? AccountToDisable = null);

[Authorize(Policy = Policies.PostsOverview)]
[Route("posts")]
public sealed class PostsController(
    AppDbContext db, PostAssignmentService assignments, Standing standing, Home.ToDoList toDo, TimeProvider clock,
    Account.AccountProvisioning accounts, Audit.AuditLog audit, IStringLocalizer<SharedResource> localizer) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index() => View(await PostsModelAsync(new NewPostForm()));

    [Authorize(Policy = Policies.HR)]
    [HttpPost("")]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] NewPostForm form)
    {
        if (ModelState.IsValid && !await db.Departments.AnyAsync(d => d.Id == form.DepartmentId))
        {
            ModelState.AddModelError("Form." + nameof(form.DepartmentId), localizer["请选择处室。"]);
        }

        if (ModelState.IsValid && await db.Posts.AnyAsync(p => p.DepartmentId == form.DepartmentId && p.Title == form.Title!.Trim()))
        {
            ModelState.AddModelError("Form." + nameof(form.Title), localizer["该处室已有同名岗位。"]);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Index), await PostsModelAsync(form));
        }

        db.Posts.Add(new Post(form.Title!, form.Level!.Value, form.DepartmentId!.Value));
        await audit.AppendAsync(User.Identity!.Name!, "post.created", form.Title!.Trim(),
            $"{form.Level.Value.ChineseName()}, department:{form.DepartmentId}"); // saves the post with it
        return Redirect("/posts");
    }

    [Authorize(Policy = Policies.HR)]
    [HttpGet("assignments")]
    public async Task<IActionResult> Assignments(PostAssignmentState? state, string? todo) => View(await AssignmentsModelAsync(state, null, null, [], todo));

    /// <summary>Proposes a person for a post; this assigns the onboarding training.</summary>
    [Authorize(Policy = Policies.HR)]
    [HttpPost("assignments")]
    public async Task<IActionResult> Propose(string? employeeNumber, int? postId)
    {
        var person = string.IsNullOrWhiteSpace(employeeNumber) ? null : await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.EmployeeNumber == employeeNumber.Trim());
        if (person is null || postId is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            var problem = person is null ? new GateItem("没有工号为 {0} 的人员。", employeeNumber?.Trim() ?? "") : new GateItem("请选择岗位。");
            return View(nameof(Assignments), await AssignmentsModelAsync(null, employeeNumber, postId, [problem]));
        }

        var outcome = await assignments.ProposeAsync(person.Id, postId.Value, User.Identity!.Name!);
        if (!outcome.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Assignments), await AssignmentsModelAsync(null, employeeNumber, postId, outcome.Problems));
        }

        return Redirect($"/posts/assignments/{outcome.AssignmentId}");
    }

    [Authorize(Policy = Policies.HR)]
    [HttpGet("assignments/{id:int}")]
    public async Task<IActionResult> Assignment(int id)
    {
        var problems = TempData["Problems"] is string json ? System.Text.Json.JsonSerializer.Deserialize<List<GateItem>>(json) ?? [] : [];
        return await AssignmentModelAsync(id, problems, TempData["Done"] as string) is { } model ? View(model) : NotFound();
    }

    [Authorize(Policy = Policies.HR)]
    [HttpPost("assignments/{id:int}/vetting")]
    public Task<IActionResult> Vetting(int id, bool passed, string? note) =>
        After(id, () => assignments.RecordVettingAsync(id, passed, note, User.Identity!.Name!), Ui.Key("已记录上岗前保密审查结果。"));

    /// <summary>Activates the post through the gate; a refusal names every missing item and is recorded.</summary>
    [Authorize(Policy = Policies.HR)]
    [HttpPost("assignments/{id:int}/activate")]
    public Task<IActionResult> Activate(int id) => After(id, () => assignments.ActivateAsync(id, User.Identity!.Name!), Ui.Key("岗位已启用。"));

    [Authorize(Policy = Policies.HR)]
    [HttpPost("assignments/{id:int}/leave")]
    public Task<IActionResult> RequestLeaving(int id) =>
        After(id, () => assignments.RequestLeavingAsync(id, User.Identity!.Name!), Ui.Key("已发起离岗，请本人登录签署离岗保密承诺书。"));

    [Authorize(Policy = Policies.HR)]
    [HttpPost("assignments/{id:int}/end")]
    public Task<IActionResult> End(int id) => After(id, () => assignments.EndAsync(id, User.Identity!.Name!), Ui.Key("已离岗。"));

    /// <summary>HR disables the account of a person whose last post ended (a leaver); offered on the ended assignment.</summary>
    [Authorize(Policy = Policies.HR)]
    [HttpPost("assignments/{id:int}/disable-account")]
    public async Task<IActionResult> DisableAccount(int id)
    {
        var assignment = await db.PostAssignments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id);
        if (assignment is null)
        {
            return NotFound();
        }

        if (await AccountToDisableAsync(assignment) is not { } userName)
        {
            return await Refused(id, [new GateItem("只有最后一个涉密岗位已离岗的人员，才能在这里停用账号。")]);
        }

        var result = await accounts.DisableAsync(User.Identity!.Name!, userName, clock.GetUtcNow());
        if (!result.Succeeded)
        {
            return await Refused(id, [.. result.Errors.Select(e => new GateItem(e))]);
        }

        TempData["Done"] = Ui.Key("账号已停用。");
        return Redirect($"/posts/assignments/{id}");
    }

    [Authorize(Policy = Policies.HR)]
    [HttpPost("assignments/{id:int}/decryption")]
    public async Task<IActionResult> Decryption(int id, string? endsOn, string? reason)
    {
        if (!DateOnly.TryParseExact(endsOn, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
        {
            return await Refused(id, [new GateItem("请按 yyyy-MM-dd 填写脱密期结束日期。")]);
        }

        return await After(id, () => assignments.ChangeDecryptionEndAsync(id, date, reason, User.Identity!.Name!), Ui.Key("脱密期已调整。"));
    }

    private async Task<IActionResult> After(int id, Func<Task<PostOutcome>> action, string done)
    {
        if (!await db.PostAssignments.AnyAsync(a => a.Id == id))
        {
            return NotFound();
        }

        var outcome = await action();
        if (!outcome.Succeeded)
        {
            return await Refused(id, outcome.Problems);
        }

        TempData["Done"] = done;
        return Redirect($"/posts/assignments/{id}");
    }

    /// <summary>A refusal is shown on the assignment's page after a redirect, so a reload does not post again.</summary>
    private async Task<IActionResult> Refused(int id, IReadOnlyList<GateItem> problems)
    {
        if (!await db.PostAssignments.AnyAsync(a => a.Id == id))
        {
            return NotFound();
        }

        TempData["Problems"] = System.Text.Json.JsonSerializer.Serialize(problems);
        return Redirect($"/posts/assignments/{id}");
    }

    private async Task<PostsViewModel> PostsModelAsync(NewPostForm form) =>
        new(await PostRowsAsync(), await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ToListAsync(), form);

    private async Task<List<PostRow>> PostRowsAsync()
    {
        var posts = await db.Posts.AsNoTracking()
            .Select(p => new
            {
                p.Department!.SortOrder,
                Row = new PostRow(p.Id, p.Department!.Name, p.Title, p.Level,
                    db.PostAssignments.Count(a => a.PostId == p.Id && a.State == PostAssignmentState.Active)),
            })
            .ToListAsync();
        // The level is stored by name, so it is ordered here (核心, 重要, 一般) rather than alphabetically in SQL.
        return [.. posts.OrderBy(p => p.SortOrder).ThenBy(p => p.Row.Level).ThenBy(p => p.Row.Title, StringComparer.Ordinal).Select(p => p.Row)];
    }

    private IQueryable<AssignmentRow> Rows(System.Linq.Expressions.Expression<Func<PostAssignment, bool>> filter) =>
        db.PostAssignments.AsNoTracking().Where(filter).Select(a => new AssignmentRow(
            a.Id, a.Person!.EmployeeNumber, a.Person.Name, a.Post!.Department!.Name, a.Post.Title, a.Post.Level, a.State, a.Vetting,
            a.ProposedAt, a.DecryptionEndsOn));

    private async Task<AssignmentsViewModel> AssignmentsModelAsync(
        PostAssignmentState? state, string? employeeNumber, int? postId, IReadOnlyList<GateItem> problems, string? todo = null)
    {
        var list = await Rows(a => state == null || a.State == state).ToListAsync();
        var today = Infrastructure.Web.LocalTime.Date(clock.GetUtcNow());
        var ready = todo == ToDoFilters.Ready ? (await toDo.ReadyToActivateAsync()).ToHashSet() : [];
        IEnumerable<AssignmentRow> rows = todo switch
        {
            ToDoFilters.Vetting => list.Where(r => r.State == PostAssignmentState.Proposed && r.Vetting == VettingResult.Pending),
            ToDoFilters.Ready => list.Where(r => ready.Contains(r.Id)),
            ToDoFilters.Decryption => list.Where(r => r.State == PostAssignmentState.Ended && r.DecryptionEndsOn >= today && r.DecryptionEndsOn <= toDo.SoonUntil),
            _ => list,
        };
        return new AssignmentsViewModel(
            [.. rows.OrderBy(r => r.State).ThenByDescending(r => r.ProposedAt)], state, await PostRowsAsync(), employeeNumber, postId, problems,
            ToDoFilters.All.Contains(todo) ? todo : null);
    }

    private async Task<AssignmentViewModel?> AssignmentModelAsync(int id, IReadOnlyList<GateItem> problems, string? done)
    {
        var row = await Rows(a => a.Id == id).SingleOrDefaultAsync();
        if (row is null)
        {
            return null;
        }

        var assignment = await db.PostAssignments.AsNoTracking().Include(a => a.Events).SingleAsync(a => a.Id == id);
        var facts = await standing.GateFactsAsync(assignment.PersonId, row.Level, assignment.Vetting, clock.GetUtcNow());
        var gate = Domain.Gate.Checklist(facts);
        var trainings = await (from t in db.TrainingAssignments.AsNoTracking()
                               join e in db.ExamBlueprints on t.ExamId equals e.Id
                               where t.PostAssignmentId == id
                               select new TrainingLine(t, e.Title)).ToListAsync();
        var offDuty = await db.CommitmentSignatures.AnyAsync(s => s.PostAssignmentId == id && s.Kind == SecrecyTraining.Web.Features.Content.CommitmentKind.OffDuty);
        return new AssignmentViewModel(row, assignment, gate, trainings, offDuty, problems, done, await AccountToDisableAsync(assignment));
    }

    /// <summary>After the person's last post ended: their account, when it still signs in (a leaver's, to offer disabling).</summary>
    private async Task<string?> AccountToDisableAsync(PostAssignment assignment) =>
        assignment.State == PostAssignmentState.Ended
        && !await db.PostAssignments.AnyAsync(a => a.PersonId == assignment.PersonId && a.State != PostAssignmentState.Ended)
            ? await db.Users.Where(u => u.PersonId == assignment.PersonId && u.DisabledAt == null).Select(u => u.UserName).SingleOrDefaultAsync()
            : null;
}
