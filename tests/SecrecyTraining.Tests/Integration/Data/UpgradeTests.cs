using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tests.Support;
using SecrecyTraining.Web.Data;

namespace SecrecyTraining.Tests.Integration.Data;

/// <summary>A database written before 填空 and 简答 existed loads after the upgrade: its questions have no blanks, not an unreadable value.</summary>
[Collection(SharedApp.Name)]
public sealed class UpgradeTests
{
    [Theory, ClassData(typeof(Providers))]
    public async Task QuestionsWrittenBeforeTheWrittenAnswerTypesLoadAfterTheUpgrade(string provider)
    {
        await using var database = TestDatabase.Create(provider, provider == "Postgres" ? "secrecy_written_upgrade" : null);
        await using (var context = database.CreateContext())
        {
            await context.Database.EnsureDeletedAsync();
            var before = context.Database.GetMigrations().Last(m => m.EndsWith("_ContentEditing", StringComparison.Ordinal));
            await Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>(context).MigrateAsync(before);
            object yes = provider == "Sqlite" ? 1 : true;
            object no = provider == "Sqlite" ? 0 : false;
            await context.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"Questions\" (\"Key\", \"Version\", \"IsCurrent\", \"NeedsReview\", \"Bank\", \"Type\", \"Stem\", \"Options\", \"Correct\", \"Difficulty\", \"Tags\", \"Fingerprint\") " +
                "VALUES ('old-1', 1, {0}, {1}, 'demo', 'Single', '秘密文件放在哪里？', {2}, '[0]', 1, '', 'f')", yes, no, "[{\"text\":\"保密柜\"},{\"text\":\"桌上\"}]");
        }

        await using var app = new AppFactory(database); // migrates to the current schema at start-up
        var question = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Questions.AsNoTracking().SingleAsync(q => q.Key == "old-1"));

        Assert.Empty(question.Blanks);
        Assert.True(question.NormalizeAnswers);
        Assert.Equal("保密柜", question.Options[0].Text);
    }
}
