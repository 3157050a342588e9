using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Features.Content;

namespace SecrecyTraining.Tests.Integration.Security;

/// <summary>
/// Random, oversized and script-bearing values sent to every action (found through the action descriptors: route values,
/// query and form fields, uploaded files, JSON bodies) by a stranger and by each demo account: no answer is a 500, and
/// no HTML page carries a script it was sent.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class FuzzTests(Databases databases)
{
    private const string Script = "<script>alert('st')</script>";
    private const string Attribute = "\"><svg onload=alert(1)>";

    private static readonly string[] UploadNames = ["roster.xlsx", "roster.csv", "content.zip", "questions.gift", "x"];

    private static readonly string[] Payloads =
    [
        Script,
        Attribute,
        new string('密', 20_000),
        "-2147483649",
        "../../../etc/passwd\0",
        "=HYPERLINK(\"http://example.invalid\",\"x\")",
        "",
        "1",
    ];

    [Theory, ClassData(typeof(Providers))]
    public async Task NoValueSentToAnyActionByAnyoneCausesAServerErrorOrComesBackAsScript(string provider)
    {
        var app = await databases.StartAsync(provider);
        await app.ImportAsync(ContentFiles.FromDirectory(ContentFixtures.RealDirectory));
        await app.WithScopeAsync(async s =>
        {
            await s.GetRequiredService<DemoOrganisation>().SeedAsync(TextWriter.Null);
            return 0;
        });

        var callers = new Dictionary<string, HttpClient> { ["anonymous"] = app.Browser() };
        foreach (var account in DemoOrganisation.RoleAccounts)
        {
            var client = app.Browser();
            Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.SignInAsync(client, account.UserName, DemoOrganisation.Password)).StatusCode);
            callers[account.UserName] = client;
        }

        // Signing out comes last, so the other actions are tried while signed in.
        var actions = ActionCatalog.All(app.Services).OrderBy(a => a.Key == "POST account/logout").ToList();
        var problems = new List<string>();
        var random = new Random(20261127);
        var sent = 0;
        foreach (var (caller, client) in callers)
        {
            // The fuzzer is an attacker holding a valid session: it sends the token of one form to every action on purpose,
            // so that the actions' own handling of hostile values is reached (tokens are per session, not per form).
            var tokenForm = caller == "anonymous" ? "/account/login" : "/account/change-password";
            var token = HttpClientForms.FormToken(await client.GetStringAsync(tokenForm), tokenForm);
            foreach (var action in actions)
            {
                foreach (var payload in Payloads)
                {
                    using var request = Request(action, payload, token, random);
                    using var response = await client.SendAsync(request);
                    sent++;
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode == HttpStatusCode.InternalServerError && !action.Key.StartsWith("GET error", StringComparison.Ordinal))
                    {
                        problems.Add($"{caller} {request.Method} {request.RequestUri} ({Describe(payload)}): 500");
                    }

                    if (response.Content.Headers.ContentType?.MediaType == "text/html" && (body.Contains(Script, StringComparison.Ordinal) || body.Contains(Attribute, StringComparison.Ordinal)))
                    {
                        problems.Add($"{caller} {request.Method} {request.RequestUri} ({Describe(payload)}): the script came back unescaped");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} of {sent} requests went wrong:\n" + string.Join("\n", problems.Take(40)));
        Assert.True(sent > 3000, $"only {sent} requests were sent");
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task MalformedAnswersToAnOpenAttemptAreRefusedAndChangeNothing(string provider)
    {
        var app = await databases.StartAsync(provider);
        var client = await app.SignInTraineeReadyForTheExamAsync();
        var exam = await AttemptPage.StartAsync(client);
        string[] bodies =
        [
            "{",
            "[]",
            "null",
            """{"position":"<script>","selected":[0],"flagged":false}""",
            """{"position":1,"selected":"all","flagged":false}""",
            """{"position":-1,"selected":[0],"flagged":false}""",
            """{"position":99999999999,"selected":[0],"flagged":false}""",
            """{"position":1,"selected":[-5,1000000],"flagged":false}""",
            "{\"position\":1,\"selected\":[" + string.Join(",", Enumerable.Range(0, 200_000)) + "],\"flagged\":false}",
        ];

        foreach (var body in bodies)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/attempts/{exam.Id}/answers") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("RequestVerificationToken", exam.Token);
            using var response = await client.SendAsync(request);
            // 400 for a malformed answer; 404 for a position the attempt does not have.
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{Describe(body)}: {(int)response.StatusCode}");
        }

        var saved = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Responses.AsNoTracking().Where(r => r.AttemptId == exam.Id).ToListAsync());
        Assert.DoesNotContain(saved, r => r.Selected.Count > 0);
    }

    private static HttpRequestMessage Request(ActionUnderTest action, string payload, string token, Random random)
    {
        var url = action.Url((name, constraint) => constraint.Contains(":int", StringComparison.Ordinal) ? (int.TryParse(payload, out _) ? payload : "1")
            : constraint.Contains("regex", StringComparison.Ordinal) ? AuthorizationMatrixSample(name) : payload.Replace("\0", "", StringComparison.Ordinal));
        var fields = new List<KeyValuePair<string, string>>();
        HttpContent? json = null;
        var file = false;
        foreach (var parameter in action.Descriptor.Parameters)
        {
            var source = parameter.BindingInfo?.BindingSource;
            if (source == BindingSource.Path || source == BindingSource.Services || parameter.ParameterType == typeof(CancellationToken))
            {
                continue;
            }

            if (source == BindingSource.Body)
            {
                json = new StringContent(JsonBody(parameter.ParameterType, payload), Encoding.UTF8, "application/json");
            }
            else if (parameter.ParameterType == typeof(IFormFile))
            {
                file = true;
            }
            else if (parameter.ParameterType == typeof(IFormCollection))
            {
                fields.Add(new("q1", payload));
            }
            else if (IsSimple(parameter.ParameterType))
            {
                fields.Add(new(parameter.BindingInfo?.BinderModelName ?? parameter.Name, payload));
            }
            else
            {
                var prefix = parameter.BindingInfo?.BinderModelName is { Length: > 0 } p ? p + "." : "";
                fields.AddRange(parameter.ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(property => property.CanWrite && IsSimple(property.PropertyType))
                    .Select(property => new KeyValuePair<string, string>(prefix + property.Name, payload)));
            }
        }

        if (action.Method == "GET")
        {
            var query = string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
            return new HttpRequestMessage(HttpMethod.Get, query.Length == 0 ? url : $"{url}?{query}");
        }

        var request = new HttpRequestMessage(new HttpMethod(action.Method), url);
        if (json is not null)
        {
            request.Content = json;
            request.Headers.Add("RequestVerificationToken", token);
            return request;
        }

        fields.Add(new("__RequestVerificationToken", token));
        if (!file)
        {
            request.Content = new FormUrlEncodedContent(fields);
            return request;
        }

        var multipart = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
        {
            multipart.Add(new StringContent(value), key);
        }

        var bytes = new byte[random.Next(1, 64 * 1024)];
        random.NextBytes(bytes);
        multipart.Add(new ByteArrayContent(bytes), "file", UploadNames[random.Next(UploadNames.Length)]);
        request.Content = multipart;
        return request;
    }

    private static string AuthorizationMatrixSample(string name) => Shell.AuthorizationMatrixTests.Sample(name, "");

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateOnly) || t == typeof(DateTimeOffset)
               || (t.IsArray && IsSimple(t.GetElementType()!));
    }

    /// <summary>A JSON object with every property of the body's type set to the payload (a string where a number is expected).</summary>
    private static string JsonBody(Type type, string payload) =>
        "{" + string.Join(",", type.GetProperties().Select(p => $"{System.Text.Json.JsonSerializer.Serialize(char.ToLowerInvariant(p.Name[0]) + p.Name[1..])}:{System.Text.Json.JsonSerializer.Serialize(payload)}")) + "}";

    private static string Describe(string payload) => payload.Length > 40 ? $"{payload.Length} characters" : payload;
}
