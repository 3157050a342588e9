namespace SecrecyTraining.Web.Domain;

/// <summary>The roles a user may hold; a user may hold several.</summary>
public static class Roles
{
    public const string Trainee = nameof(Trainee);
    public const string HR = nameof(HR);
    public const string SecrecyOffice = nameof(SecrecyOffice);
    public const string DeptHead = nameof(DeptHead);
    public const string Admin = nameof(Admin);

    public static IReadOnlyList<string> All { get; } = [Trainee, HR, SecrecyOffice, DeptHead, Admin];

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
        _ => role,
    };
}
