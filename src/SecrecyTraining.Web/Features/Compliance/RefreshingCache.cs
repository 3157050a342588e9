using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Features.Compliance;

/// <summary>
/// Values that take seconds to compute at 100,000 staff and are read often (everyone's standing, the dashboard). Each is
/// kept in memory; once older than the reader's maximum age it is recomputed in the background while readers keep
/// getting the previous value, so a reader does not wait for a refresh. After a change to the data behind them
/// (<see cref="Invalidate"/>: a post activated, a roster imported) the next reader waits up to
/// <see cref="MaxWaitAfterChange"/> for fresh figures, so HR sees its own change. A failed refresh keeps the old value.
/// </summary>
public sealed class RefreshingCache(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RefreshingCache> logger)
{
    public static readonly TimeSpan MaxWaitAfterChange = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Entry> entries = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> firstLoads = new();
    private long generation;

    /// <summary>The data behind the kept values changed: the next reads recompute them.</summary>
    public void Invalidate() => Interlocked.Increment(ref generation);

    /// <summary>The value of <paramref name="key"/>, computed by <paramref name="compute"/> in a scope of its own.</summary>
    public async Task<T> GetAsync<T>(string key, TimeSpan maxAge, Func<IServiceProvider, CancellationToken, Task<T>> compute, CancellationToken ct)
        where T : class
    {
        if (entries.TryGetValue(key, out var entry))
        {
            var wanted = Interlocked.Read(ref generation);
            if (entry.Generation == wanted && clock.GetUtcNow() - entry.ComputedAt > maxAge)
            {
                _ = entry.Refresh(() => RefreshAsync(key, entry, compute));
            }

            // After a change, wait (boundedly) for figures computed after it; a refresh already running may predate it,
            // so another one is started when it ends.
            var deadline = Task.Delay(MaxWaitAfterChange, ct);
            while (entry.Generation < wanted)
            {
                var current = entry;
                var refresh = current.Refresh(() => RefreshAsync(key, current, compute));
                if (await Task.WhenAny(refresh, deadline) == deadline)
                {
                    break;
                }

                var next = entries.GetValueOrDefault(key, current);
                if (ReferenceEquals(next, current))
                {
                    break; // the refresh failed; the kept value stands
                }

                entry = next;
            }

            return (T)entry.Value;
        }

        var gate = firstLoads.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (entries.TryGetValue(key, out entry))
            {
                return (T)entry.Value;
            }

            var (value, started, at) = await ComputeAsync(compute, ct);
            entries[key] = new Entry(value, started, at);
            return value;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task RefreshAsync<T>(string key, Entry stale, Func<IServiceProvider, CancellationToken, Task<T>> compute)
        where T : class
    {
        try
        {
            var (value, started, at) = await ComputeAsync(compute, CancellationToken.None);
            entries[key] = new Entry(value, started, at);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Refreshing {Key} failed; readers keep the value of {At}", key, stale.ComputedAt);
            stale.RefreshFailed();
        }
    }

    private async Task<(T Value, long Generation, DateTimeOffset At)> ComputeAsync<T>(Func<IServiceProvider, CancellationToken, Task<T>> compute, CancellationToken ct)
    {
        // Read before computing: a change made while it runs leaves the result stale.
        var started = Interlocked.Read(ref generation);
        var at = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        return (await compute(scope.ServiceProvider, ct), started, at);
    }

    private sealed class Entry(object value, long generation, DateTimeOffset computedAt)
    {
        private readonly Lock gate = new();
        private Task? refresh;

        public object Value { get; } = value;

        public long Generation { get; } = generation;

        public DateTimeOffset ComputedAt { get; } = computedAt;

        /// <summary>The one refresh of this value, started by the first reader that needs it.</summary>
        public Task Refresh(Func<Task> start)
        {
            lock (gate)
            {
                return refresh ??= Task.Run(start);
            }
        }

        public void RefreshFailed()
        {
            lock (gate)
            {
                refresh = null;
            }
        }
    }
}

/// <summary>
/// Tells the <see cref="RefreshingCache"/> when a saved change touches the staff side of the standings — people,
/// departments, posts, post assignments (what HR changes by hand and expects to see at once) — after the save, or after
/// the commit of the transaction it was part of. Certifications and training assignments, which the exam season and the
/// nightly sweeps write by the thousand, wait for the next timed refresh: otherwise every reader would wait in exam season.
/// </summary>
public sealed class StandingsChangeWatcher(RefreshingCache cache) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, object> changed = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        // An extended due date changes the overdue counts HR is looking at; a training completed by a pass changes them
        // too, but an exam day's thousands of passes must not make every dashboard read wait: those show within the cache's age.
        // A policy change (a level's 学时 minimum, its grace) and recorded attendance change who is short of what.
        if (context is not null && context.ChangeTracker.Entries().Any(e => e.State is not (EntityState.Unchanged or EntityState.Detached)
                && (e.Entity is Person or Department or Post or PostAssignment or Exemption or PostLevelPolicy or OfflineAttendance
                    || (e.Entity is TrainingAssignment && e.State == EntityState.Modified && e.Property(nameof(TrainingAssignment.DueAt)).IsModified))))
        {
            changed.AddOrUpdate(context, true);
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null)
        {
            Committed(context);
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is not null && changed.Remove(context))
        {
            cache.Invalidate();
        }
    }
}

/// <summary>Computes the organisation's standings once the application has started, so the first HR reader does not wait.</summary>
public sealed class ComplianceWarmup(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, IConfiguration configuration, ILogger<ComplianceWarmup> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (ComplianceService.CacheSeconds(configuration) > 0)
        {
            lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ComplianceService>().SnapshotAsync(null, lifetime.ApplicationStopping);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Warming the compliance standings failed; the first reader computes them");
                }
            }));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
