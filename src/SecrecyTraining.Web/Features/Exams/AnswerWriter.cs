using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Features.Exams;

/// <summary>
/// Writes one answer only while its attempt is open, in one statement: the insert of the response selects its row only when
/// the attempt is in progress and before its deadline, and an answer already saved for the question is overwritten
/// (<c>INSERT … SELECT … WHERE EXISTS … ON CONFLICT DO UPDATE</c>, the same on SQLite and PostgreSQL). On PostgreSQL the
/// check takes a share lock on the attempt's row, so a submit that has claimed the attempt (an update of that row) makes the
/// save wait and then find it closed, and a save that got there first is committed before the submit reads the answers —
/// an acknowledged answer is always graded. On SQLite the one writer orders them. SQL Server keeps the two statements of
/// a transaction (the conditional update of the attempt, then the response), as EF Core writes them.
/// This runs for every answer of every examinee in the exam season: no query is compiled and nothing is tracked.
/// </summary>
public sealed class AnswerWriter(AppDbContext db, WriteGate gate)
{
    private static readonly ConcurrentDictionary<Type, Statement> Statements = new();

    /// <summary>True when the answer is stored; false when the attempt is no longer open (or not there).</summary>
    public Task<bool> WriteAsync(
        int attemptId, int position, IReadOnlyList<int> selected, IReadOnlyList<string> texts, bool flagged, DateTimeOffset now, CancellationToken ct) =>
        gate.RunAsync(async () => !db.Database.IsSqlite() && !db.Database.IsNpgsql()
            ? await InTransactionAsync(attemptId, position, selected, texts, flagged, now, ct)
            : await Statements.GetOrAdd(db.GetType(), _ => Statement.For(db)).RunAsync(db, attemptId, position, selected, texts, flagged, now, ct) == 1, ct);

    private async Task<bool> InTransactionAsync(
        int attemptId, int position, IReadOnlyList<int> value, IReadOnlyList<string> texts, bool flagged, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var open = await db.Attempts.Where(a => a.Id == attemptId && a.Status == AttemptStatus.InProgress && a.Deadline > now)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Status, a => a.Status), ct);
        if (open == 0)
        {
            return false;
        }

        var updated = await db.Responses.Where(r => r.AttemptId == attemptId && r.Position == position)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Selected, value).SetProperty(r => r.Texts, texts).SetProperty(r => r.Flagged, flagged).SetProperty(r => r.SavedAt, now), ct);
        if (updated == 0)
        {
            db.Responses.Add(new Response { AttemptId = attemptId, Position = position, Selected = value, Texts = texts, Flagged = flagged, SavedAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The same question saved from two tabs at once: the later save wins, as it would have a moment later.
                db.ChangeTracker.Clear();
                await db.Responses.Where(r => r.AttemptId == attemptId && r.Position == position)
                    .ExecuteUpdateAsync(set => set.SetProperty(r => r.Selected, value).SetProperty(r => r.Texts, texts).SetProperty(r => r.Flagged, flagged).SetProperty(r => r.SavedAt, now), ct);
            }
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>The statement for one model, its table and column names and value conversions taken from the model.</summary>
    private sealed class Statement(string sql, IReadOnlyList<IProperty> parameters)
    {
        public static Statement For(AppDbContext db)
        {
            var sqlHelper = db.GetService<ISqlGenerationHelper>();
            var response = db.Model.FindEntityType(typeof(Response))!;
            var attempt = db.Model.FindEntityType(typeof(Attempt))!;
            string Table(IEntityType e) => sqlHelper.DelimitIdentifier(e.GetTableName()!, e.GetSchema());
            string Column(IProperty p) => sqlHelper.DelimitIdentifier(p.GetColumnName());
            IProperty Of(IEntityType e, string name) => e.FindProperty(name)!;

            IProperty[] written = [.. new[] { nameof(Response.AttemptId), nameof(Response.Position), nameof(Response.Selected), nameof(Response.Texts), nameof(Response.Flagged), nameof(Response.SavedAt) }
                .Select(n => Of(response, n))];
            IProperty[] parameters = [.. written, Of(attempt, nameof(Attempt.Id)), Of(attempt, nameof(Attempt.Status)), Of(attempt, nameof(Attempt.Deadline))];
            var updated = written.Skip(2).Select(p => $"{Column(p)} = excluded.{Column(p)}");
            var share = db.Database.IsNpgsql() ? " FOR SHARE" : "";
            string P(int i) => "{" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
            var sql = $"""
                INSERT INTO {Table(response)} ({string.Join(", ", written.Select(Column))})
                SELECT {string.Join(", ", Enumerable.Range(0, written.Length).Select(P))}
                WHERE EXISTS (SELECT 1 FROM {Table(attempt)} WHERE {Column(parameters[6])} = {P(6)} AND {Column(parameters[7])} = {P(7)} AND {Column(parameters[8])} > {P(8)}{share})
                ON CONFLICT ({Column(written[0])}, {Column(written[1])}) DO UPDATE SET {string.Join(", ", updated)}
                """;
            return new Statement(sql, parameters);
        }

        public Task<int> RunAsync(
            AppDbContext db, int attemptId, int position, IReadOnlyList<int> selected, IReadOnlyList<string> texts, bool flagged, DateTimeOffset now, CancellationToken ct)
        {
            object?[] values = [attemptId, position, selected, texts, flagged, now, attemptId, AttemptStatus.InProgress, now];
            var provider = values.Select((v, i) => parameters[i].GetTypeMapping().Converter is { } c ? c.ConvertToProvider(v) : v).ToArray();
            return db.Database.ExecuteSqlRawAsync(sql, provider!, ct);
        }
    }
}
