using System.Data;
using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecrecyTraining.Tools;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Features.Compliance;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Features.Jobs;
using SecrecyTraining.Web.Features.Posts;
using SecrecyTraining.Web.Infrastructure;

namespace SecrecyTraining.Tests.Integration.Data;

/// <summary>
/// SQL Server cannot run here, so its SQL is checked by Microsoft's own T-SQL parser (ScriptDom): the migration script, and
/// every command the sweeps, the standings (staff list, dashboard, gate), the annual report and item analysis send, as the
/// SQL Server provider translates them. What this does not check: that SQL Server executes them and returns the same rows.
/// </summary>
public sealed class SqlServerSqlTests
{
    [Fact]
    public void TheParserRefusesBrokenSql()
    {
        Assert.NotEmpty(TSqlCheck.Errors("SELECT [Id] FROM WHERE [Id] = 1"));
        Assert.Empty(TSqlCheck.Errors("SELECT [Id] FROM [People] WHERE [Id] = @p0;\nGO\nSELECT 1;"));
    }

    [Fact]
    public void TheSqlServerMigrationScriptParses()
    {
        using var context = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var script = context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [People]", script);
        Assert.Empty(TSqlCheck.Errors(script));
    }

    [Fact]
    public async Task EveryQueryOfTheSweepsStandingsReportAndItemAnalysisParsesAsTSql()
    {
        var captured = new CapturedCommands();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            ["ConnectionStrings:Default"] = "Server=never-opened;Database=secrecy;Integrated Security=false;User Id=x;Password=x",
            ["Storage:DataDirectory"] = Path.Combine(Path.GetTempPath(), "secrecy-sqlserver-" + Guid.NewGuid().ToString("N")),
            ["Compliance:CacheSeconds"] = "0",
        });
        builder.AddSecrecyTraining();
        builder.Services.AddSingleton<IInterceptor>(captured);
        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        Assert.IsType<SqlServerAppDbContext>(services.GetRequiredService<AppDbContext>());

        var compliance = services.GetRequiredService<ComplianceService>();
        await compliance.StandingsAsync(departmentId: null, fresh: true);
        await compliance.StandingsAsync(departmentId: 1, fresh: true);
        await compliance.SnapshotAsync(departmentId: null);
        await ActivatorUtilities.CreateInstance<AnnualReport>(services).BuildAsync(2026);
        await services.GetRequiredService<ItemAnalysisPage>().BuildAsync(flaggedOnly: false);
        var standing = services.GetRequiredService<Standing>();
        await standing.GateFactsAsync(1, Web.Domain.PostLevel.Core, Web.Domain.VettingResult.Passed, DateTimeOffset.UtcNow);
        await standing.PolicyForPersonAsync(1);
        await standing.LevelsByPersonAsync();
        await standing.ValidChainsByPersonAsync([1, 2, 3], DateTimeOffset.UtcNow);
        foreach (var job in new[] { typeof(RecertificationSweep), typeof(ExpirySweep), typeof(Reminders), typeof(ItemStatistics) })
        {
            await ((IJob)ActivatorUtilities.CreateInstance(services, job)).RunAsync(CancellationToken.None);
        }

        Assert.True(captured.Commands.Count >= 40, $"only {captured.Commands.Count} commands were captured");
        Assert.Contains(captured.Commands, c => c.Contains("[Certifications]", StringComparison.Ordinal));
        Assert.Contains(captured.Commands, c => c.Contains("[PostAssignments]", StringComparison.Ordinal));
        var failures = captured.Commands.Select(c => (Sql: c, Errors: TSqlCheck.Errors(c))).Where(c => c.Errors.Count > 0)
            .Select(c => string.Join("; ", c.Errors) + "\n" + c.Sql).ToList();
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    /// <summary>
    /// Answers every command with no rows and keeps its text, without a server: the connection is never opened, transactions
    /// and commands are stand-ins the SQL Server provider fills in as it would a real one.
    /// </summary>
    private sealed class CapturedCommands : IDbCommandInterceptor, IDbConnectionInterceptor, IDbTransactionInterceptor
    {
        public List<string> Commands { get; } = [];

        public DbCommand CommandCreated(CommandEndEventData eventData, DbCommand result) => new RecordingCommand(Commands);

        public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            InterceptionResult.Suppress();

        public ValueTask<InterceptionResult> ConnectionOpeningAsync(
            DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(InterceptionResult.Suppress());

        public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            InterceptionResult.Suppress();

        public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            ValueTask.FromResult(InterceptionResult.Suppress());

        public InterceptionResult<DbTransaction> TransactionStarting(
            DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result) =>
            InterceptionResult<DbTransaction>.SuppressWithResult(new StandInTransaction(connection, eventData.IsolationLevel));

        public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
            DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(InterceptionResult<DbTransaction>.SuppressWithResult(new StandInTransaction(connection, eventData.IsolationLevel)));
    }

    private sealed class StandInTransaction(DbConnection connection, IsolationLevel isolationLevel) : DbTransaction
    {
        public override IsolationLevel IsolationLevel => isolationLevel;

        protected override DbConnection DbConnection => connection;

        public override void Commit()
        {
        }

        public override void Rollback()
        {
        }
    }

    private sealed class RecordingCommand(List<string> commands) : DbCommand
    {
        private readonly Microsoft.Data.SqlClient.SqlCommand parameters = new();

        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string CommandText { get; set; } = "";

        public override int CommandTimeout { get; set; }

        public override CommandType CommandType { get; set; }

        public override bool DesignTimeVisible { get; set; }

        public override UpdateRowSource UpdatedRowSource { get; set; }

        protected override DbConnection? DbConnection { get; set; }

        protected override DbParameterCollection DbParameterCollection => parameters.Parameters;

        protected override DbTransaction? DbTransaction { get; set; }

        public override void Cancel()
        {
        }

        public override int ExecuteNonQuery()
        {
            commands.Add(CommandText);
            return 0;
        }

        public override object? ExecuteScalar()
        {
            commands.Add(CommandText);
            return DBNull.Value;
        }

        public override void Prepare()
        {
        }

        protected override DbParameter CreateDbParameter() => new Microsoft.Data.SqlClient.SqlParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
        {
            commands.Add(CommandText);
            return new DataTable().CreateDataReader();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                parameters.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
