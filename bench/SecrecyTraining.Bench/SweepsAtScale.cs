using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Account;
using SecrecyTraining.Web.Features.Jobs;
using SecrecyTraining.Web.Infrastructure;

namespace SecrecyTraining.Bench;

/// <summary>
/// Seeds N people (account, staff record, an active 重要 post, a passed pre-duty attempt and its certification, issued
/// uniformly over the last 395 days so some have expired and some are in their window), then times each sweep twice:
/// the first run does the work, the second finds nothing left to do.
/// </summary>
public static class SweepsAtScale
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public sealed record Figure(string Job, double FirstRunSeconds, string FirstRun, double SecondRunSeconds, string SecondRun);

    public static async Task<string> RunAsync(string provider, string? connection, int people, string dataDirectory, string contentDirectory)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:Default"] = connection,
            ["Storage:DataDirectory"] = dataDirectory,
            ["Content:Directory"] = contentDirectory,
            ["Jobs:Storage"] = "InMemory",
            ["Jobs:Server"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddSecrecyTraining();
        await using var app = builder.Build();
        await app.PrepareDatabaseAsync();

        var seeding = Stopwatch.StartNew();
        await SeedAsync(app.Services, people);
        seeding.Stop();
        Console.WriteLine($"seeded {people} people in {seeding.Elapsed.TotalSeconds:0.0} s");

        var figures = new List<Figure>();
        foreach (var job in new[] { typeof(ExpirySweep), typeof(RecertificationSweep), typeof(Reminders) })
        {
            var (firstTime, first) = await TimeAsync(app.Services, job);
            var (secondTime, second) = await TimeAsync(app.Services, job);
            figures.Add(new Figure(RecurringJobs.All.Single(j => j.JobType == job).Id, firstTime, first, secondTime, second));
            Console.WriteLine(figures[^1]);
        }

        return JsonSerializer.Serialize(new
        {
            benchmark = "sweeps",
            provider,
            people,
            seedingSeconds = Math.Round(seeding.Elapsed.TotalSeconds, 1),
            at = DateTimeOffset.Now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            figures,
        }, Indented);
    }

    private static async Task<(double Seconds, string Summary)> TimeAsync(IServiceProvider services, Type job)
    {
        await using var scope = services.CreateAsyncScope();
        var watch = Stopwatch.StartNew();
        var summary = await ((IJob)scope.ServiceProvider.GetRequiredService(job)).RunAsync(CancellationToken.None);
        return (Math.Round(watch.Elapsed.TotalSeconds, 2), summary);
    }

    private static async Task SeedAsync(IServiceProvider services, int people)
    {
        const int batch = 2000;
        var now = DateTimeOffset.UtcNow;
        var random = new Random(20261127);
        int[] posts;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var departments = Enumerable.Range(1, 100).Select(i => new Department($"处室{i:D3}", i)).ToList();
            db.Departments.AddRange(departments);
            await db.SaveChangesAsync();
            var list = departments.Select(d => new Post("业务岗", PostLevel.Important, d.Id)).ToList();
            db.Posts.AddRange(list);
            await db.SaveChangesAsync();
            posts = [.. list.Select(p => p.Id)];
        }

        for (var start = 0; start < people; start += batch)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var count = Math.Min(batch, people - start);
            var rows = Enumerable.Range(start, count).Select(i =>
            {
                var no = $"b{i:D6}";
                var post = posts[i % posts.Length];
                return (
                    User: new AppUser
                    {
                        Id = Guid.NewGuid().ToString(),
                        UserName = no,
                        NormalizedUserName = no.ToUpperInvariant(),
                        DisplayName = $"人员{i}",
                        SecurityStamp = Guid.NewGuid().ToString("N"),
                        ConcurrencyStamp = Guid.NewGuid().ToString(),
                        LockoutEnabled = true,
                    },
                    No: no,
                    Name: $"人员{i}",
                    Post: post,
                    Issued: now.AddDays(-random.NextDouble() * 395));
            }).ToList();
            db.Users.AddRange(rows.Select(r => r.User));
            var departmentOf = await db.Posts.Where(p => posts.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DepartmentId);
            var persons = rows.Select(r => new Person(r.No, r.Name, departmentOf[r.Post])).ToList();
            db.People.AddRange(persons);
            await db.SaveChangesAsync();
            db.PostAssignments.AddRange(rows.Select((r, k) => new PostAssignment
            {
                PersonId = persons[k].Id,
                PostId = r.Post,
                State = PostAssignmentState.Active,
                ProposedAt = r.Issued.AddDays(-20),
                ProposedBy = "bench",
                Vetting = VettingResult.Passed,
                VettedAt = r.Issued.AddDays(-10),
                VettedBy = "bench",
                ActivatedAt = r.Issued,
            }));
            var attempts = rows.Select(r => new Attempt
            {
                UserId = r.User.Id,
                ExamId = "pre-duty-exam",
                Number = 1,
                StartedAt = r.Issued.AddMinutes(-40),
                Deadline = r.Issued.AddMinutes(5),
                Status = AttemptStatus.Submitted,
                SubmittedAt = r.Issued,
                PassMarkPercent = 85,
                MaxScore = 100,
                Score = 95,
                Passed = true,
            }).ToList();
            db.Attempts.AddRange(attempts);
            await db.SaveChangesAsync();
            db.Certifications.AddRange(rows.Select((r, k) => new Certification
            {
                Number = $"BM-B-{start + k:D7}",
                UserId = r.User.Id,
                CertificationTypeId = "pre-duty",
                AttemptId = attempts[k].Id,
                IssuedAt = r.Issued,
                ValidUntil = r.Issued.AddMonths(12),
                State = CertificationState.Valid,
                ScorePercent = 95,
            }));
            await db.SaveChangesAsync();
            if ((start / batch) % 10 == 0)
            {
                Console.WriteLine($"  {start + count} people");
            }
        }
    }
}
