using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;

namespace SecrecyTraining.Tests.Integration.Content;

public sealed class StartupImportTests
{
    [Fact]
    public async Task StartUpImportsTheContentDirectoryOnceAndAgainOnlyWhenItChanges()
    {
        await using var database = TestDatabase.Create("Sqlite");
        var directory = Directory.CreateTempSubdirectory("secrecy-startup-content-").FullName;
        foreach (var file in ContentFixtures.Valid())
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(directory, file.Path))!);
            await File.WriteAllTextAsync(Path.Combine(directory, file.Path), file.Text);
        }

        Task<(int Imports, int Questions)> StartAsync() => Start(database, directory);

        Assert.Equal((1, 6), await StartAsync());
        Assert.Equal((1, 6), await StartAsync());

        var bank = Path.Combine(directory, "questions", "extra.gift");
        await File.WriteAllTextAsync(bank, (await File.ReadAllTextAsync(bank)).Replace("::g-tf-1::", "::g-tf-2::", StringComparison.Ordinal));
        Assert.Equal((2, 6), await StartAsync());
        Directory.Delete(directory, recursive: true);
    }

    private static async Task<(int Imports, int Questions)> Start(TestDatabase database, string directory)
    {
        await using var app = new StartupFactory(database, directory);
        return await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (await db.ContentImports.CountAsync(), await db.Questions.CountAsync(q => q.IsCurrent));
        });
    }

    private sealed class StartupFactory(TestDatabase database, string directory) : AppFactory(database)
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Content:ImportOnStartup", "true");
            builder.UseSetting("Content:Directory", directory);
        }
    }
}
