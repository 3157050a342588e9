using Npgsql;
using SecrecyTraining.Web.Data;

namespace SecrecyTraining.Tests.Unit;

/// <summary>PostgreSQL connections prepare the statements they repeat, unless the operator's connection string says otherwise.</summary>
public sealed class StatementPreparationTests
{
    [Fact]
    public void AConnectionStringThatSaysNothingPreparesRepeatedStatements()
    {
        var prepared = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithStatementPreparation("Host=db;Database=secrecy;Username=app;Password=pw"));
        Assert.Equal((32, 2), (prepared.MaxAutoPrepare, prepared.AutoPrepareMinUsages));
        Assert.Equal(("db", "secrecy", "app", "pw"), (prepared.Host, prepared.Database, prepared.Username, prepared.Password));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Max Auto Prepare=5", 5)]
    public void TheOperatorsOwnSettingIsKept(string connectionString, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(DatabaseSetup.WithStatementPreparation(connectionString)).MaxAutoPrepare);
}
