using System.Security.Claims;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Infrastructure.Web;

/// <summary>
/// A navigation entry: its zh-CN text (the localization key), where it leads, who sees it, and the menu it is folded into
/// (so the bar fits a 1366 px laptop in Chinese and English alike).
/// </summary>
public sealed record NavigationEntry(string Text, string Url, IReadOnlyList<string> Roles, string? Menu = null);

/// <summary>The main menu. Each role sees its own entries; an entry shared by two roles is shown once.</summary>
public static class Navigation
{
    public static IReadOnlyList<NavigationEntry> Entries { get; } =
    [
        new("我的培训", "/", [Roles.Trainee]),
        new("课程学习", "/learn", [Roles.Trainee]),
        new("练习与错题本", "/practice", [Roles.Trainee]),
        new("考试与练习", "/exams", [Roles.Trainee]),
        new("保密承诺书", "/commitments", [Roles.Trainee]),
        new("本处室", "/staff/my-department", [Roles.DeptHead]),
        new("合规看板", "/compliance", [Roles.HR, Roles.SecrecyOffice, Roles.DeptHead]),
        new("人员", "/staff", [Roles.HR]),
        new("涉密岗位", "/posts", [Roles.HR, Roles.SecrecyOffice]),
        new("岗位任用", "/posts/assignments", [Roles.HR]),
        new("证书", "/certificates", [Roles.HR, Roles.SecrecyOffice]),
        new("线下培训", "/training/offline", [Roles.HR]),
        new("题库", "/content/questions", [Roles.SecrecyOffice], Menu: ContentMenu),
        new("课程", "/content/courses", [Roles.SecrecyOffice], Menu: ContentMenu),
        new("岗位策略", "/content/policy", [Roles.SecrecyOffice], Menu: ContentMenu),
        new("承诺书文本", "/content/commitments", [Roles.SecrecyOffice], Menu: ContentMenu),
        new("内容导入", "/content/imports", [Roles.SecrecyOffice], Menu: ContentMenu),
        new("考试安排", "/sessions", [Roles.SecrecyOffice], Menu: ExamMenu),
        new("试卷策略", "/content/exams", [Roles.SecrecyOffice], Menu: ExamMenu),
        new("阅卷", "/grading", [Roles.SecrecyOffice], Menu: ExamMenu),
        new("题目分析", "/content/items", [Roles.SecrecyOffice], Menu: ExamMenu),
        new("线下培训", "/training/offline", [Roles.SecrecyOffice], Menu: ExamMenu), // HR's is on the bar; one entry for who holds both
        new("审计日志", "/audit", [Roles.SecrecyOffice, Roles.Auditor]),
        new("用户管理", "/admin/users", [Roles.Admin]),
        new("任务调度", "/admin/jobs", [Roles.Admin]),
        new("规章制度", "/regulations", Roles.All),
    ];

    public const string ContentMenu = "内容管理";

    public const string ExamMenu = "考试";

    public static IEnumerable<NavigationEntry> For(ClaimsPrincipal user) =>
        Entries.Where(e => e.Roles.Any(user.IsInRole)).DistinctBy(e => e.Url);

    /// <summary>The bar as it is drawn: single entries, and each menu (at its first entry's place) with its entries.</summary>
    public static IEnumerable<(string? Menu, IReadOnlyList<NavigationEntry> Entries)> Bar(ClaimsPrincipal user) =>
        For(user).GroupBy(e => e.Menu ?? e.Url).Select(g => (g.First().Menu, (IReadOnlyList<NavigationEntry>)[.. g]));
}
