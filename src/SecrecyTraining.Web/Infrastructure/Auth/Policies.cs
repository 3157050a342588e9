using Microsoft.AspNetCore.Authorization;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Infrastructure.Auth;

/// <summary>One authorization policy per role, plus the few that admit more than one role. Everything else needs sign-in.</summary>
public static class Policies
{
    public const string Trainee = "Role." + Roles.Trainee;
    public const string HR = "Role." + Roles.HR;
    public const string SecrecyOffice = "Role." + Roles.SecrecyOffice;
    public const string DeptHead = "Role." + Roles.DeptHead;
    public const string Admin = "Role." + Roles.Admin;

    /// <summary>The audit log: the auditor (安全审计员) and the 保密办 read it; nobody changes it.</summary>
    public const string AuditReaders = "AuditReaders";

    /// <summary>The organisation's classified posts: HR keeps them, the 保密办 oversees them.</summary>
    public const string PostsOverview = "PostsOverview";

    public static AuthorizationBuilder AddAppPolicies(this AuthorizationBuilder builder) => builder
        .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
        .AddPolicy(Trainee, p => p.RequireRole(Roles.Trainee))
        .AddPolicy(HR, p => p.RequireRole(Roles.HR))
        .AddPolicy(SecrecyOffice, p => p.RequireRole(Roles.SecrecyOffice))
        .AddPolicy(DeptHead, p => p.RequireRole(Roles.DeptHead))
        .AddPolicy(Admin, p => p.RequireRole(Roles.Admin))
        .AddPolicy(PostsOverview, p => p.RequireRole(Roles.HR, Roles.SecrecyOffice))
        .AddPolicy(AuditReaders, p => p.RequireRole(Roles.Auditor, Roles.SecrecyOffice));
}
