namespace SecrecyTraining.Web.Domain;

/// <summary>The roles a user may hold; a user may hold several.</summary>
public static class Roles
{
    public const string Trainee = nameof(Trainee);
    public const string HR = nameof(HR);
    public const string SecrecyOffice = nameof(SecrecyOffice);
    public const string DeptHead = nameof(DeptHead);
    public const string Admin = nameof(Admin);

    /// <summary>安全审计员: reads and exports the audit log, every administrator's action included; changes nothing.</summary>
    public const string Auditor = nameof(Auditor);

    public static IReadOnlyList<string> All { get; } = [Trainee, HR, SecrecyOffice, DeptHead, Admin, Auditor];

    /// <summary>
    /// 三员分立: the system administrator, the security staff (HR, the 保密办) and the auditor are different people, so
    /// these pairs are never held by one account. Returns the first pair <paramref name="roles"/> holds, or null.
    /// </summary>
    public static (string, string)? SeparationBreach(IReadOnlyCollection<string> roles) =>
        Separated.FirstOrDefault(p => roles.Contains(p.Item1) && roles.Contains(p.Item2)) is { Item1: not null } breach ? breach : null;

    private static readonly (string, string)[] Separated =
        [(Admin, SecrecyOffice), (Admin, HR), (Admin, Auditor), (Auditor, SecrecyOffice), (Auditor, HR)];

    /// <summary>The canonical spelling of a role name given in any letter case, or null when there is no such role.</summary>
    public static string? Normalize(string name) =>
        All.FirstOrDefault(r => string.Equals(r, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The role's name as the organisation says it; also the localization key of its label.</summary>
    public static string ChineseName(string role) => role switch
    {
        Trainee => "学员",
        HR => "人事",
        SecrecyOffice => "保密办",
        DeptHead => "处室负责人",
        Admin => "系统管理员",
        Auditor => "安全审计员",
        _ => role,
    };
}
