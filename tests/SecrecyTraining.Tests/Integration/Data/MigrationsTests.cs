using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;

namespace SecrecyTraining.Tests.Integration.Data;

public sealed class MigrationsTests
{
    [Fact]
    public void EveryProviderHasAMigrationForTheCurrentModel()
    {
        foreach (var context in DesignTime.AllProviders())
        {
            using (context)
            {
                Assert.False(context.Database.HasPendingModelChanges(),
                    $"{context.GetType().Name} lags the model: run scripts/add-migration NAME.");
                Assert.NotEmpty(context.Database.GetMigrations());
            }
        }
    }

    [Fact]
    public void EachProviderKeepsItsMigrationsInItsOwnFolder()
    {
        foreach (var context in DesignTime.AllProviders())
        {
            using (context)
            {
                var provider = context.GetType().Name.Replace("AppDbContext", "");
                var migrationTypes = typeof(AppDbContext).Assembly.GetTypes()
                    .Where(t => t.Namespace == $"SecrecyTraining.Web.Data.Migrations.{provider}" && t.IsSubclassOf(typeof(Microsoft.EntityFrameworkCore.Migrations.Migration)));
                Assert.Equal(context.Database.GetMigrations().Count(), migrationTypes.Count());
            }
        }
    }
}
