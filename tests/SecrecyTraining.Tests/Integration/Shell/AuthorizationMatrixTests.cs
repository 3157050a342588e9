using System.Net;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Shell;

/// <summary>
/// Every controller action, found through MVC's action descriptors (a new action fails this test until it is added to
/// the table), is asked for anonymously and by each role; the answer must match the table. A refused role gets 403, a
/// stranger the sign-in page (GET) or 401 (POST); an allowed POST without its anti-forgery token gets 400.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class AuthorizationMatrixTests(Databases databases)
{
    private const string Anonymous = "anonymous";
    private const string Anyone = "anyone";
    private const string SignedIn = "signed-in";
    private const string Office = Roles.SecrecyOffice;
    private const string HrOrOffice = Roles.HR + "," + Roles.SecrecyOffice;

    /// <summary>Who may reach each action: <see cref="Anyone"/>, <see cref="SignedIn"/> (any role), or a list of roles.</summary>
    private static readonly Dictionary<string, string> Allowed = new()
    {
        ["GET "] = SignedIn,
        ["GET account/login"] = Anyone,
        ["POST account/login"] = Anyone,
        ["POST account/logout"] = SignedIn,
        ["GET account/change-password"] = SignedIn,
        ["POST account/change-password"] = SignedIn,
        ["POST culture"] = Anyone,
        ["GET error"] = Anyone,
        ["GET error/{code:int}"] = Anyone,
        ["GET verify"] = Anyone,
        ["GET inbox"] = SignedIn,
        ["POST inbox/{id:int}/open"] = SignedIn,
        ["POST inbox/read-all"] = SignedIn,
        ["GET regulations"] = SignedIn,
        ["GET regulations/{id}"] = SignedIn,
        ["GET regulations/clause/{clauseId}"] = SignedIn,
        ["GET certificates/{id:int}.pdf"] = SignedIn,
        ["GET learn"] = Roles.Trainee,
        ["GET learn/{courseId}"] = Roles.Trainee,
        ["GET learn/{courseId}/{slug}"] = Roles.Trainee,
        ["POST learn/{courseId}/{slug}/complete"] = Roles.Trainee,
        ["GET practice"] = Roles.Trainee,
        ["GET practice/{scope}"] = Roles.Trainee,
        ["POST practice/{scope}"] = Roles.Trainee,
        ["GET exams"] = Roles.Trainee,
        ["POST exams/{examId}/start"] = Roles.Trainee,
        ["GET attempts/{id:int}"] = Roles.Trainee,
        ["POST attempts/{id:int}/answers"] = Roles.Trainee,
        ["POST attempts/{id:int}/submit"] = Roles.Trainee,
        ["GET attempts/{id:int}/result"] = Roles.Trainee,
        ["GET attempts/{id:int}/clock"] = Roles.Trainee,
        ["POST attempts/{id:int}/focus"] = Roles.Trainee,
        ["POST exams/sessions/{sessionId:int}/start"] = Roles.Trainee,
        ["GET commitments"] = Roles.Trainee,
        ["POST commitments/sign"] = Roles.Trainee,
        ["GET staff"] = Roles.HR,
        ["GET staff/export.{format:regex(^(xlsx|csv)$)}"] = Roles.HR,
        ["GET staff/import"] = Roles.HR,
        ["POST staff/import"] = Roles.HR,
        ["POST staff/import/commit"] = Roles.HR,
        ["POST staff/departments"] = Roles.HR,
        ["POST staff/{employeeNumber:regex(^[A-Za-z0-9_-]+$)}/employee-number"] = Roles.HR,
        ["POST staff/{employeeNumber:regex(^[A-Za-z0-9_-]+$)}/edit"] = Roles.HR,
        ["POST staff/{employeeNumber:regex(^[A-Za-z0-9_-]+$)}/exemption"] = Roles.HR,
        ["POST staff/{employeeNumber:regex(^[A-Za-z0-9_-]+$)}/exemption/end"] = Roles.HR,
        ["POST staff/{employeeNumber:regex(^[A-Za-z0-9_-]+$)}/trainings/{trainingId:int}/extend"] = Roles.HR,
        ["GET posts/assignments"] = Roles.HR,
        ["POST posts/assignments"] = Roles.HR,
        ["GET posts/assignments/{id:int}"] = Roles.HR,
        ["POST posts/assignments/{id:int}/vetting"] = Roles.HR,
        ["POST posts/assignments/{id:int}/activate"] = Roles.HR,
        ["POST posts/assignments/{id:int}/leave"] = Roles.HR,
        ["POST posts/assignments/{id:int}/end"] = Roles.HR,
        ["POST posts/assignments/{id:int}/decryption"] = Roles.HR,
        ["POST posts/assignments/{id:int}/disable-account"] = Roles.HR,
        ["POST posts"] = Roles.HR,
        ["GET certificates/department/{departmentId:int}.pdf"] = Roles.HR,
        ["GET posts"] = HrOrOffice,
        ["GET certificates"] = HrOrOffice,
        ["GET compliance/report"] = HrOrOffice,
        ["GET compliance/report/{year:int}.{format:regex(^(xlsx|pdf)$)}"] = HrOrOffice,
        ["GET compliance"] = HrOrOffice + "," + Roles.DeptHead,
        ["GET staff/{employeeNumber:regex(^[A-Za-z0-9_-]+$)}"] = HrOrOffice + "," + Roles.DeptHead,
        ["GET staff/my-department"] = Roles.DeptHead,
        ["GET training/offline"] = HrOrOffice,
        ["GET training/offline/new"] = HrOrOffice,
        ["POST training/offline/new"] = HrOrOffice,
        ["GET training/offline/{id:int}"] = HrOrOffice,
        ["POST training/offline/{id:int}/attendance"] = HrOrOffice,
        ["POST training/offline/{id:int}/attendance/{personId:int}/remove"] = HrOrOffice,
        ["POST training/offline/{id:int}/sheet"] = HrOrOffice,
        ["GET training/offline/{id:int}/check-in-code"] = HrOrOffice,
        ["GET training/check-in/{id:int}"] = SignedIn,
        ["POST training/check-in/{id:int}"] = SignedIn,
        ["POST certificates/{id:int}/revoke"] = Office,
        ["GET audit"] = Office + "," + Roles.Auditor,
        ["GET audit/export.csv"] = Office + "," + Roles.Auditor,
        ["GET audit/checkpoints"] = Office + "," + Roles.Auditor,
        ["GET audit/checkpoints.csv"] = Office + "," + Roles.Auditor,
        ["POST audit/checkpoints/check"] = Office + "," + Roles.Auditor,
        ["GET content/questions"] = Office,
        ["GET content/questions/export.gift"] = Office,
        ["GET content/questions/export.xlsx"] = Office,
        ["POST content/questions/{id:int}/reviewed"] = Office,
        ["GET content/questions/new"] = Office,
        ["GET content/questions/import"] = Office,
        ["GET content/questions/import/template.xlsx"] = Office,
        ["POST content/questions/import"] = Office,
        ["POST content/questions/import/commit"] = Office,
        ["POST content/questions/new"] = Office,
        ["GET content/questions/{key}/edit"] = Office,
        ["POST content/questions/{key}/edit"] = Office,
        ["POST content/questions/{key}/retire"] = Office,
        ["POST content/questions/{key}/restore"] = Office,
        ["GET content/courses"] = Office,
        ["GET content/courses/{courseId}/{slug}"] = Office,
        ["POST content/courses/{courseId}/{slug}/reviewed"] = Office,
        ["GET content/imports"] = Office,
        ["GET content/imports/{id:int}"] = Office,
        ["POST content/imports/{id:int}/approve-refresher"] = Office,
        ["GET content/items"] = Office,
        ["GET content/upload"] = Office,
        ["POST content/upload"] = Office,
        ["POST content/upload/commit"] = Office,
        ["GET content/export.zip"] = Office,
        ["GET content/exams"] = Office,
        ["GET content/exams/new"] = Office,
        ["POST content/exams/new"] = Office,
        ["GET content/exams/{id}/edit"] = Office,
        ["POST content/exams/{id}/edit"] = Office,
        ["GET content/policy"] = Office,
        ["POST content/policy/{level}"] = Office,
        ["GET content/commitments"] = Office,
        ["GET content/commitments/new"] = Office,
        ["POST content/commitments/new"] = Office,
        ["POST content/commitments/{id:int}/make-current"] = Office,
        ["GET grading"] = Office,
        ["GET sessions"] = Office,
        ["GET sessions/new"] = Office,
        ["POST sessions/new"] = Office,
        ["GET sessions/{id:int}"] = Office,
        ["GET sessions/{id:int}/edit"] = Office,
        ["POST sessions/{id:int}/edit"] = Office,
        ["POST sessions/{id:int}/publish"] = Office,
        ["GET sessions/{id:int}/results"] = Office,
        ["GET sessions/{id:int}/results.xlsx"] = Office,
        ["GET sessions/{id:int}/papers.pdf"] = Office,
        ["GET sessions/{id:int}/paper/template.xlsx"] = Office,
        ["POST sessions/{id:int}/paper/import"] = Office,
        ["GET sessions/{id:int}/paper/{attemptId:int}"] = Office,
        ["POST sessions/{id:int}/paper/{attemptId:int}"] = Office,
        ["GET attempts/{attemptId:int}/archive.pdf"] = Office,
        ["POST sessions/{id:int}/examinees/{personId:int}/extra-time"] = Office,
        ["POST sessions/{id:int}/examinees/{personId:int}/reopen"] = Office,
        ["GET content/clauses"] = Office,
        ["POST grading/{attemptId:int}/{position:int}"] = Office,
        ["GET admin/users"] = Roles.Admin,
        ["POST admin/users/{userName}/roles"] = Roles.Admin,
        ["POST admin/users/{userName}/reset-password"] = Roles.Admin,
        ["POST admin/users/{userName}/disable"] = Roles.Admin,
        ["POST admin/users/{userName}/enable"] = Roles.Admin,
    };

    public static readonly string[] Callers = [Anonymous, .. Roles.All];

    [Fact]
    public async Task EveryActionAnswersEachRoleAsTheTableSays()
    {
        var app = await databases.StartAsync("Sqlite");
        var actions = ActionCatalog.All(app.Services);
        var unlisted = actions.Select(a => a.Key).Where(k => !Allowed.ContainsKey(k)).ToList();
        var stale = Allowed.Keys.Except(actions.Select(a => a.Key)).ToList();

        var clients = new Dictionary<string, HttpClient> { [Anonymous] = app.Browser() };
        foreach (var role in Roles.All)
        {
            clients[role] = await app.SignInAsAsync(role);
        }

        var wrong = new List<string>();
        foreach (var action in actions)
        {
            foreach (var caller in Callers)
            {
                var allowed = Allowed.TryGetValue(action.Key, out var rule) && IsAllowed(rule, caller);
                var url = action.Url(Sample);
                using var request = new HttpRequestMessage(new HttpMethod(action.Method), url);
                using var response = await clients[caller].SendAsync(request);
                var problem = Check(action, caller, allowed, response);
                if (problem is not null)
                {
                    wrong.Add($"{action.Key} ({url}) as {caller}: {problem}");
                }
            }
        }

        Assert.True(unlisted.Count == 0, "Actions missing from the table (say who may reach them):\n" + string.Join("\n", unlisted));
        Assert.True(stale.Count == 0, "Table rows with no action:\n" + string.Join("\n", stale));
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static bool IsAllowed(string rule, string caller) => rule switch
    {
        Anyone => true,
        SignedIn => caller != Anonymous,
        _ => rule.Split(',').Contains(caller),
    };

    private static string? Check(ActionUnderTest action, string caller, bool allowed, HttpResponseMessage response)
    {
        var status = response.StatusCode;
        var toSignIn = status == HttpStatusCode.Redirect && response.Headers.Location is { } location
            && new Uri(new Uri("http://localhost"), location).AbsolutePath == "/account/login";
        if (status == HttpStatusCode.InternalServerError && action.Key != "GET error") // the error page itself answers 500
        {
            return "500";
        }

        if (!allowed)
        {
            var expected = caller != Anonymous ? HttpStatusCode.Forbidden : action.Method == "GET" ? HttpStatusCode.Redirect : HttpStatusCode.Unauthorized;
            return status == expected && (expected != HttpStatusCode.Redirect || toSignIn) ? null : $"expected refusal {(int)expected}, got {(int)status}";
        }

        if (status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized || toSignIn)
        {
            return $"expected access, got {(int)status}";
        }

        return action.Method == "POST" && status != HttpStatusCode.BadRequest ? $"a POST without anti-forgery token got {(int)status}, not 400" : null;
    }

    /// <summary>A value for a route parameter: a number or name that exists nowhere (an allowed caller then gets 404, not 403).</summary>
    public static string Sample(string name, string constraint) => name switch
    {
        "format" => "xlsx",
        "year" => "2026",
        "code" => "404",
        _ when constraint.Contains(":int", StringComparison.Ordinal) => "999999",
        _ => "nobody",
    };
}
