using Hangfire;

namespace SecrecyTraining.Web.Features.Jobs;

/// <summary>A job's work: plain code with <c>RunAsync</c>, time from <see cref="TimeProvider"/>; returns what it did, in words.</summary>
public interface IJob
{
    Task<string> RunAsync(CancellationToken ct);
}

/// <summary>
/// What Hangfire calls: resolves the job by id in a fresh scope, runs it, logs what it did. One run of a job at a time
/// across all nodes (a distributed lock per job id); a failed run is retried by Hangfire.
/// </summary>
public sealed class JobRunner(IServiceScopeFactory scopes, ILogger<JobRunner> log)
{
    [DisableConcurrentExecution("job:{0}", 600)]
    [AutomaticRetry(Attempts = 3)]
    public async Task<string> RunAsync(string id, CancellationToken ct)
    {
        var definition = RecurringJobs.Find(id) ?? throw new ArgumentException($"No job with id '{id}'.", nameof(id));
        await using var scope = scopes.CreateAsyncScope();
        var job = (IJob)scope.ServiceProvider.GetRequiredService(definition.JobType);
        var summary = await job.RunAsync(ct);
        log.LogInformation("Job {Job} done: {Summary}", id, summary);
        return summary;
    }
}
