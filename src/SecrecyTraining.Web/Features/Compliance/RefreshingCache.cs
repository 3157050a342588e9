using System.Collections.Concurrent;

namespace SecrecyTraining.Web.Features.Compliance;

/// <summary>
/// Values that take seconds to compute at 100,000 staff and are read often (everyone's standing, the dashboard). Each is
/// kept in memory; once older than the reader's maximum age it is recomputed in the background while readers keep
/// getting the previous value, so only the first read of a key waits. A failed refresh keeps the old value and is
/// retried by the next read.
/// </summary>
public sealed class RefreshingCache(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RefreshingCache> logger)
{
    private readonly ConcurrentDictionary<string, Entry> entries = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> firstLoads = new();

    /// <summary>The value of <paramref name="key"/>, computed by <paramref name="compute"/> in a scope of its own.</summary>
    public async Task<T> GetAsync<T>(string key, TimeSpan maxAge, Func<IServiceProvider, CancellationToken, Task<T>> compute, CancellationToken ct)
        where T : class
    {
        if (entries.TryGetValue(key, out var entry))
        {
            if (clock.GetUtcNow() - entry.ComputedAt > maxAge && Interlocked.CompareExchange(ref entry.Refreshing, 1, 0) == 0)
            {
                _ = Task.Run(() => RefreshAsync(key, entry, compute), CancellationToken.None);
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

            var started = clock.GetUtcNow();
            var value = await ComputeAsync(compute, ct);
            entries[key] = new Entry(value, started);
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
            var started = clock.GetUtcNow();
            entries[key] = new Entry(await ComputeAsync(compute, CancellationToken.None), started);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Refreshing {Key} failed; readers keep the value of {At}", key, stale.ComputedAt);
            Volatile.Write(ref stale.Refreshing, 0);
        }
    }

    private async Task<T> ComputeAsync<T>(Func<IServiceProvider, CancellationToken, Task<T>> compute, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await compute(scope.ServiceProvider, ct);
    }

    private sealed class Entry(object value, DateTimeOffset computedAt)
    {
        public int Refreshing;

        public object Value { get; } = value;

        public DateTimeOffset ComputedAt { get; } = computedAt;
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
