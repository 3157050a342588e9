using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Web.Data;

namespace SecrecyTraining.Tests.Support;

/// <summary>An exam attempt as the trainee's browser sees it: its id, the page's anti-forgery token and the page.</summary>
public sealed record AttemptPage(int Id, string Token, string Page)
{
    public static async Task<AttemptPage> StartAsync(HttpClient client, string examId = "demo-exam")
    {
        var started = await client.PostFormAsync("/exams", $"/exams/{examId}/start", []);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var location = started.Headers.Location!.OriginalString;
        Assert.StartsWith("/attempts/", location, StringComparison.Ordinal);
        var page = await client.GetStringAsync(location);
        return new AttemptPage(int.Parse(location.Split('/')[2], CultureInfo.InvariantCulture), HttpClientForms.FormToken(page, "#exam"), page);
    }

    /// <summary>Saves one answer as the page's script does: JSON, with the anti-forgery token in a header.</summary>
    public Task<HttpResponseMessage> SaveAsync(HttpClient client, int position, IReadOnlyList<int> selected)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/attempts/{Id}/answers")
        {
            Content = JsonContent.Create(new { position, selected, flagged = false }),
        };
        request.Headers.Add("RequestVerificationToken", Token);
        return client.SendAsync(request);
    }

    public Task<HttpResponseMessage> SubmitAsync(HttpClient client) =>
        client.PostAsync($"/attempts/{Id}/submit", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token }));

    /// <summary>The correct answer of each position of the attempt, as the options are shown on its page (shuffled).</summary>
    public Task<Dictionary<int, IReadOnlyList<int>>> KeysAsync(AppFactory app) => app.WithScopeAsync(async s =>
        (await s.GetRequiredService<AppDbContext>().AttemptQuestions.AsNoTracking().Include(q => q.Question).Where(q => q.AttemptId == Id).ToListAsync())
            .ToDictionary(q => q.Position, q => (IReadOnlyList<int>)[.. q.Question!.Correct.Select(original => q.OptionOrder.ToList().IndexOf(original)).Order()]));

    /// <summary>Answers every question right and submits.</summary>
    public async Task PassAsync(AppFactory app, HttpClient client)
    {
        foreach (var (position, correct) in await KeysAsync(app))
        {
            (await SaveAsync(client, position, correct)).EnsureSuccessStatusCode();
        }

        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(client)).StatusCode);
    }
}
