using System.Net;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Tests.Integration.Shell;

/// <summary>Two web nodes on one database, as behind a load balancer (scripts/multi-node does the same with two processes).</summary>
[Collection(SharedApp.Name)]
public sealed class SeveralNodesTests(Databases databases)
{
    [Theory, ClassData(typeof(Providers))]
    public async Task ASignInCookieIssuedByOneNodeIsAcceptedByTheOther(string provider)
    {
        var nodeA = await databases.StartAsync(provider);
        await using var nodeB = new AppFactory(nodeA.Database);
        await nodeA.CreateUserAsync("u-roaming", "漫游者", [Roles.HR]);
        var browserOnA = nodeA.Browser();

        var signIn = await AppFactory.SignInAsync(browserOnA, "u-roaming", AppFactory.Password);
        var cookie = string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var request = new HttpRequestMessage(HttpMethod.Get, "/staff");
        request.Headers.Add("Cookie", cookie);
        var onB = await nodeB.CreateClient(new() { AllowAutoRedirect = false }).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
        Assert.Contains("漫游者", await onB.Content.ReadAsStringAsync());
    }
}
