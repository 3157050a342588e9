using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Certificates;
using SecrecyTraining.Web.Features.Commitments;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Features.Exams;
using SecrecyTraining.Web.Features.Jobs;
using SecrecyTraining.Web.Features.Learning;
using SecrecyTraining.Web.Features.Posts;
using SecrecyTraining.Web.Features.Sessions;
using SecrecyTraining.Web.Features.Staff;
using SecrecyTraining.Web.Features.Training;
using SecrecyTraining.Web.Infrastructure;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Data;

/// <summary>
/// The Development demo's past year, lived through the application's own services at the times it happened (the clock
/// set back, <see cref="ITravellingClock"/>): people proposed, vetted, reading the pre-duty course, sitting the exam,
/// signing the 保密承诺书 and activated; the 保密办 giving 一般 posts 30 grace days and 核心 posts a minimum of 4 学时;
/// a 2026 refresher exam session (a fail retaken, two absent whose certificates then lapse and whose posts are suspended);
/// two offline sessions; a certificate revoked, a person exempted, one leaving into the 脱密期; new staff proposed this
/// week; the daily jobs run as they would have. Every status of the dashboard then has people in it.
/// </summary>
public sealed class DemoHistory(IServiceScopeFactory scopes, TimeProvider clock, ITravellingClock travel)
{
    /// <summary>How many days back the history starts: the organisation and its content are set up then.</summary>
    public const int Days = 410;

    private const string Hr = "100101";
    private const string Office = "100102";
    private const string SessionCode = "BM2026";

    private enum Story
    {
        /// <summary>Onboarded <see cref="Plan.Days"/> days ago; <see cref="Plan.Lessons"/> refresher lessons read this week.</summary>
        Certified,

        /// <summary>Onboarded over a year ago, renewed in the refresher exam session.</summary>
        Renewed,

        /// <summary>Failed the session, passed the refresher alone two days later.</summary>
        SessionFail,

        /// <summary>Did not sit the session: the certificate lapsed and the post was suspended.</summary>
        Absent,

        /// <summary>On a 一般 post whose certificate expired last week: inside the level's grace days.</summary>
        Grace,

        /// <summary>Exempted (seconded) a month ago.</summary>
        Exempt,

        /// <summary>Certificate revoked by the 保密办 two weeks ago: the post suspended.</summary>
        Revoked,

        /// <summary>Left the 核心 post five weeks ago: in the 脱密期.</summary>
        Left,

        /// <summary>Proposed <see cref="Plan.Days"/> days ago, <see cref="Plan.Lessons"/> lessons read, no exam yet.</summary>
        Proposed,

        /// <summary>Read the course and failed the pre-duty exam twice.</summary>
        Failing,
    }

    private sealed record Plan(string No, string Post, Story Story, int Days, int Lessons = 0);

    private static readonly Plan[] Plans =
    [
        new("100110", "保密管理员", Story.Certified, 120),
        new("100104", "机要秘书", Story.Renewed, 392),
        new("100105", "文书", Story.Certified, 250),
        new("100106", "机要秘书", Story.Certified, 350),
        new("100107", "文书", Story.Grace, 372),
        new("100108", "保密管理员", Story.Certified, 90),
        new("100109", "文书", Story.Certified, 320),
        new("100111", "保密管理员", Story.Renewed, 388),
        new("100112", "文书", Story.Certified, 30),
        new("100114", "机要秘书", Story.Left, 300),
        new("100201", "预算管理", Story.Renewed, 395),
        new("100202", "出纳", Story.Certified, 200),
        new("100203", "预算管理", Story.Absent, 385),
        new("100204", "出纳", Story.Certified, 345),
        new("100206", "预算管理", Story.Certified, 160),
        new("100207", "出纳", Story.Exempt, 330),
        new("100208", "预算管理", Story.SessionFail, 390),
        new("100210", "出纳", Story.Certified, 60),
        new("100211", "预算管理", Story.Certified, 310),
        new("100212", "出纳", Story.Failing, 20),
        new("100214", "出纳", Story.Certified, 280),
        new("100215", "预算管理", Story.Revoked, 210),
        new("100301", "业务主管", Story.Renewed, 398),
        new("100302", "业务专员", Story.Proposed, 3),
        new("100303", "资料管理员", Story.Proposed, 45, Lessons: 3),
        new("100304", "业务专员", Story.Certified, 180),
        new("100305", "资料管理员", Story.Certified, 240),
        new("100306", "业务主管", Story.Certified, 355, Lessons: 2),
        new("100307", "业务专员", Story.Renewed, 384),
        new("100308", "资料管理员", Story.Certified, 328),
        new("100310", "业务专员", Story.Certified, 140),
        new("100311", "资料管理员", Story.Certified, 75),
        new("100312", "业务主管", Story.Absent, 392),
        new("100314", "业务专员", Story.Certified, 100),
        new("100315", "资料管理员", Story.Certified, 290),
        new("100401", "涉密网络管理员", Story.Renewed, 386),
        new("100402", "系统运维", Story.Proposed, 10, Lessons: 4),
        new("100403", "安全保密管理员", Story.Certified, 220),
        new("100404", "终端管理", Story.Certified, 340),
        new("100405", "系统运维", Story.Certified, 170),
        new("100406", "涉密网络管理员", Story.Certified, 315),
        new("100407", "系统运维", Story.Renewed, 389),
        new("100408", "终端管理", Story.Certified, 130),
        new("100410", "安全保密管理员", Story.Certified, 45),
        new("100411", "系统运维", Story.Certified, 260),
        new("100412", "终端管理", Story.Certified, 190),
        new("100414", "涉密网络管理员", Story.Renewed, 381),
        new("100415", "终端管理", Story.Proposed, 6, Lessons: 9),
    ];

    private sealed class Person(Plan plan)
    {
        public Plan Plan { get; } = plan;

        public int Id { get; set; }

        public int Assignment { get; set; }

        public int Attempt { get; set; }

        /// <summary>On a post (proposed or active) on the day <paramref name="daysAgo"/> days ago, and not gone by then.</summary>
        public bool OnPostAt(int daysAgo) => Plan.Story switch
        {
            Story.Proposed => Plan.Days >= daysAgo,
            Story.Failing => Plan.Days + 3 >= daysAgo,
            Story.Left => Plan.Days + 3 >= daysAgo && daysAgo > 38,
            _ => Plan.Days + 3 >= daysAgo,
        };
    }

    private readonly List<(DateTimeOffset At, Func<IServiceProvider, Task> Do)> steps = [];
    private readonly Random random = new(2026);
    private readonly Dictionary<string, Person> people = Plans.ToDictionary(p => p.No, p => new Person(p));
    private Dictionary<string, List<Lesson>> lessons = [];
    private Dictionary<string, int> posts = [];
    private DateOnly today;
    private int session;

    /// <summary>The courses and exams of content/ the history needs.</summary>
    private static readonly string[] Courses = ["pre-duty", "annual-refresher"];

    /// <summary>
    /// Lives the year up to <paramref name="end"/>, from where the clock reads now (<see cref="Days"/> days before);
    /// false, doing nothing, when the live content lacks the courses or exams of content/ the story needs.
    /// </summary>
    public async Task<bool> RunAsync(DateTimeOffset end, CancellationToken ct = default)
    {
        today = LocalTime.Date(end);
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var ids = await db.People.AsNoTracking().ToDictionaryAsync(p => p.EmployeeNumber, p => p.Id, ct);
            foreach (var person in people.Values)
            {
                person.Id = ids.GetValueOrDefault(person.Plan.No);
            }

            posts = await db.Posts.AsNoTracking().ToDictionaryAsync(p => p.Title, p => p.Id, ct);
            lessons = (await db.Lessons.AsNoTracking().Where(l => !l.IsRetired).OrderBy(l => l.Order).ToListAsync(ct))
                .GroupBy(l => l.CourseId).ToDictionary(g => g.Key, g => g.ToList());
            var exams = await db.ExamBlueprints.AsNoTracking().Where(e => !e.IsRetired).Select(e => e.Id).ToListAsync(ct);
            if (!Courses.All(lessons.ContainsKey) || !Courses.All(c => exams.Contains(c + "-exam"))
                || Plans.Any(p => !posts.ContainsKey(p.Post)) || people.Values.Any(p => p.Id == 0))
            {
                return false;
            }
        }

        PlanSteps();
        foreach (var (at, step) in steps.OrderBy(s => s.At))
        {
            if (at >= end)
            {
                throw new InvalidOperationException($"Demo history: a step at {at:O} is not in the past.");
            }

            // Forward only: steps at the same minute run one after the other, the clock running on between them.
            if (at > clock.GetUtcNow())
            {
                travel.Offset += at - clock.GetUtcNow();
            }

            await using var scope = scopes.CreateAsyncScope();
            await step(scope.ServiceProvider);
        }

        return true;
    }

    /// <summary>What the jobs do on the morning the demo is made (at the real time), so today's pages are up to date.</summary>
    public static async Task CatchUpAsync(IServiceScopeFactory scopes, CancellationToken ct = default)
    {
        foreach (var job in new[] { typeof(ExpirySweep), typeof(RecertificationSweep), typeof(Reminders), typeof(ManagerDigest), typeof(ItemStatistics) })
        {
            await using var scope = scopes.CreateAsyncScope();
            await ((IJob)scope.ServiceProvider.GetRequiredService(job)).RunAsync(ct);
        }
    }

    private DateTimeOffset At(int daysAgo, int hour, int minute = 0) =>
        LocalTime.StartOf(today.AddDays(-daysAgo)).AddHours(hour).AddMinutes(minute);

    private void Add(DateTimeOffset at, Func<IServiceProvider, Task> step) => steps.Add((at, step));

    private void PlanSteps()
    {
        // The daily jobs, once a week (each catches up on what it missed), and the reminders over the last two months.
        for (var d = Days - 7; d > 0; d -= 7)
        {
            Add(At(d, 0, 10), s => Job<ExpirySweep>(s));
            Add(At(d, 1), s => Job<RecertificationSweep>(s));
            if (d <= 56)
            {
                Add(At(d, 8), s => Job<Reminders>(s));
            }
        }

        // The 保密办 gives 一般 posts 30 grace days and asks 核心 posts for 4 学时 a year.
        Add(At(200, 10), s => PolicyAsync(s, PostLevel.General, f => f.GraceDays = 30));
        Add(At(200, 10, 10), s => PolicyAsync(s, PostLevel.Core, f => f.MinimumAnnualHours = 4));

        var minute = 0;
        foreach (var person in people.Values)
        {
            var (story, days) = (person.Plan.Story, person.Plan.Days);
            switch (story)
            {
                case Story.Proposed:
                    Propose(person, days, vetted: person.Plan.No != "100302");
                    Read(person, "pre-duty", days - 1, person.Plan.Lessons);
                    break;
                case Story.Failing:
                    Propose(person, days + 3, vetted: true);
                    Read(person, "pre-duty", days + 2, int.MaxValue);
                    Sit(person, At(days, 10), pass: false);
                    Sit(person, At(days - 1, 11), pass: false);
                    break;
                default:
                    Onboard(person, days);
                    break;
            }

            switch (story)
            {
                case Story.Certified when person.Plan.Lessons > 0:
                    Read(person, "annual-refresher", 5, person.Plan.Lessons);
                    break;
                case Story.Renewed or Story.SessionFail:
                    Read(person, "annual-refresher", 64 + (minute % 6), int.MaxValue);
                    SitSession(person, minute++, pass: story == Story.Renewed);
                    if (story == Story.SessionFail)
                    {
                        Sit(person, At(58, 10), pass: true, "annual-refresher-exam");
                    }

                    break;
                case Story.Exempt:
                    Add(At(30, 10), s => Check(s.GetRequiredService<StaffRecords>().ExemptAsync(
                        person.Id, "借调至上级机关工作，2027 年春返回", today.AddDays(150), Hr), person, "exempt"));
                    break;
                case Story.Revoked:
                    Add(At(15, 10), async s =>
                    {
                        var certificate = await s.GetRequiredService<AppDbContext>().Certifications
                            .Where(c => c.PersonId == person.Id && c.State == CertificationState.Valid).Select(c => c.Id).SingleAsync();
                        await s.GetRequiredService<CertificationAdministration>().RevokeAsync(
                            certificate, "经核查，本人将涉密文件带离办公场所，撤销证书；须重新培训并考试合格", Office);
                    });
                    break;
                case Story.Left:
                    Add(At(40, 9), s => Check(s.GetRequiredService<PostAssignmentService>().RequestLeavingAsync(person.Assignment, Hr), person, "leave"));
                    Add(At(39, 10), s => SignAsync(s, person, CommitmentKind.OffDuty));
                    Add(At(38, 10), s => Check(s.GetRequiredService<PostAssignmentService>().EndAsync(person.Assignment, Hr), person, "end"));
                    break;
            }
        }

        // The refresher exam session for those whose certificates expire in the coming weeks.
        Add(At(75, 10), async s =>
        {
            var service = s.GetRequiredService<SessionService>();
            var audience = people.Values.Where(p => p.Plan.Story is Story.Renewed or Story.SessionFail or Story.Absent).Select(p => p.Plan.No);
            var draft = await service.SaveDraftAsync(null, new SessionForm
            {
                Title = $"{LocalTime.Date(At(60, 9)).Year} 年度保密复训考试（第一批）",
                ExamId = "annual-refresher-exam",
                Opens = SessionForm.Local(At(60, 9)),
                Closes = SessionForm.Local(At(60, 11)),
                DurationMinutes = 40,
                StartCode = SessionCode,
                Audience = SessionAudience.People,
                People = string.Join('\n', audience),
            }, Office);
            session = draft.SessionId ?? throw new InvalidOperationException("Demo history: the session draft: " + string.Join(" ", draft.Problems.Select(p => p.Message)));
            var version = await s.GetRequiredService<AppDbContext>().ExamSessions.Where(x => x.Id == session).Select(x => x.Version).SingleAsync();
            var published = await service.PublishAsync(session, version, Office);
            if (!published.Done)
            {
                throw new InvalidOperationException("Demo history: publishing the session: " + string.Join(" ", published.Problems.Select(p => p.Message)));
            }
        });

        Offline(150, "保密法律法规专题讲座", OfflineTrainingKind.Lecture, "2", "市国家保密局宣教处", "机关三楼会议室", AttendanceMethod.Ticked);
        Offline(25, "典型泄密案例警示教育", OfflineTrainingKind.WarningEducation, "1.5", "保密办 李娜", "机关报告厅", AttendanceMethod.Sheet);
    }

    private void Onboard(Person person, int days)
    {
        Propose(person, days + 3, vetted: true);
        Add(At(days + 2, 8, 30), s => SignAsync(s, person, CommitmentKind.OnDuty));
        Read(person, "pre-duty", days + 2, int.MaxValue);
        Sit(person, At(days, 10), pass: true);
        Add(At(days, 15), async s =>
        {
            var outcome = await s.GetRequiredService<PostAssignmentService>().ActivateAsync(person.Assignment, Hr);
            var state = await s.GetRequiredService<AppDbContext>().PostAssignments.Where(a => a.Id == person.Assignment).Select(a => a.State).SingleAsync();
            if (state != PostAssignmentState.Active)
            {
                throw new InvalidOperationException($"Demo history: {person.Plan.No} not activated: {string.Join(" ", outcome.Problems.Select(p => p.ToString()))}");
            }
        });
    }

    private void Propose(Person person, int days, bool vetted)
    {
        Add(At(days, 9), async s =>
        {
            var outcome = await s.GetRequiredService<PostAssignmentService>().ProposeAsync(person.Id, posts[person.Plan.Post], Hr);
            person.Assignment = outcome.AssignmentId ?? throw Failed(person, "propose", outcome.Problems.Select(p => p.ToString()));
        });
        if (vetted)
        {
            Add(At(days, 15), s => Check(s.GetRequiredService<PostAssignmentService>().RecordVettingAsync(person.Assignment, true, "政审合格", Hr), person, "vetting"));
        }
    }

    /// <summary>The first <paramref name="count"/> lessons of the course, from 9:00 of that day, each open its minimum minutes.</summary>
    private void Read(Person person, string course, int daysAgo, int count)
    {
        var at = At(daysAgo, 9, random.Next(0, 20));
        foreach (var lesson in lessons[course].Take(count))
        {
            Add(at, s => s.GetRequiredService<LearningService>().OpenAsync(person.Id, lesson));
            at = at.AddMinutes(lesson.MinimumMinutes + 1 + random.Next(0, 4));
            Add(at, async s =>
            {
                if (await s.GetRequiredService<LearningService>().CompleteAsync(person.Id, person.Plan.No, lesson) > TimeSpan.Zero)
                {
                    throw Failed(person, $"lesson {lesson.Slug}", []);
                }
            });
            at = at.AddMinutes(2);
        }
    }

    /// <summary>An attempt of their own: started, answered over 25 minutes, submitted, and the result as planned.</summary>
    private void Sit(Person person, DateTimeOffset at, bool pass, string exam = "pre-duty-exam")
    {
        Add(at, async s =>
        {
            var started = await s.GetRequiredService<ExamService>().StartAsync(person.Id, person.Plan.No, exam);
            person.Attempt = started.AttemptId ?? throw Failed(person, "start " + exam, [started.Refusal ?? ""]);
        });
        Answer(person, at.AddMinutes(25), pass);
    }

    private void SitSession(Person person, int order, bool pass)
    {
        var at = At(60, 9, 2 + order);
        Add(at, async s =>
        {
            var started = await s.GetRequiredService<SessionService>().StartAsync(session, person.Id, person.Plan.No, SessionCode);
            person.Attempt = started.AttemptId ?? throw Failed(person, "start the session", [started.Refusal ?? ""]);
        });
        Answer(person, at.AddMinutes(28), pass);
    }

    /// <summary>
    /// Every question answered, right or wrong so that the score lands a little above the pass mark up to full marks (a
    /// pass) or well below it (a fail); harder questions are the ones missed more often, as item analysis will see.
    /// </summary>
    private void Answer(Person person, DateTimeOffset at, bool pass)
    {
        Add(at, async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var attempt = await db.Attempts.AsNoTracking().SingleAsync(a => a.Id == person.Attempt);
            var questions = await db.AttemptQuestions.AsNoTracking().Where(q => q.AttemptId == attempt.Id).Include(q => q.Question)
                .OrderBy(q => q.Position).ToListAsync();
            var max = questions.Sum(q => q.Points);
            var target = pass ? attempt.PassMarkPercent + 1 + ((99 - attempt.PassMarkPercent) * random.NextDouble()) : attempt.PassMarkPercent - 10 - (25 * random.NextDouble());
            var budget = max * (100 - (decimal)target) / 100;
            var wrong = new HashSet<int>();
            foreach (var q in questions.OrderByDescending(q => q.Question!.Difficulty + (random.NextDouble() * 3)))
            {
                if (q.Points <= budget)
                {
                    wrong.Add(q.Position);
                    budget -= q.Points;
                }
            }

            var exams = s.GetRequiredService<ExamService>();
            foreach (var q in questions)
            {
                var right = Enumerable.Range(0, q.OptionOrder.Count).Where(i => q.Question!.Correct.Contains(q.OptionOrder[i])).ToList();
                var others = Enumerable.Range(0, q.OptionOrder.Count).Except(right).ToList();
                IReadOnlyList<int> shown = !wrong.Contains(q.Position) || others.Count == 0 ? right : [others[random.Next(others.Count)]];
                var saved = await exams.SaveAsync(attempt.Id, person.Id, q.Position, shown, flagged: random.Next(20) == 0);
                if (saved.Status != SaveStatus.Saved)
                {
                    throw Failed(person, $"answer {q.Position}", [saved.Message ?? saved.Status.ToString()]);
                }
            }
        });
        Add(at.AddMinutes(4), async s =>
        {
            await s.GetRequiredService<ExamService>().SubmitAsync(person.Attempt, person.Id);
            var passed = await s.GetRequiredService<AppDbContext>().Attempts.Where(a => a.Id == person.Attempt).Select(a => a.Passed).SingleAsync();
            if (passed != pass)
            {
                throw Failed(person, $"attempt {person.Attempt}", [$"passed {passed}, planned {pass}"]);
            }
        });
    }

    private static async Task SignAsync(IServiceProvider s, Person person, CommitmentKind kind)
    {
        var commitments = s.GetRequiredService<CommitmentService>();
        var pending = (await commitments.PendingAsync(person.Id)).FirstOrDefault(p => p.Text.Kind == kind)
            ?? throw Failed(person, $"sign {kind}", ["nothing to sign"]);
        var user = await s.GetRequiredService<AppDbContext>().Users.SingleAsync(u => u.PersonId == person.Id);
        var outcome = await commitments.SignAsync(user, pending.Text.Id, pending.Text.TextHash, pending.PostAssignmentId, DemoOrganisation.Password);
        if (outcome != SignOutcome.Signed)
        {
            throw Failed(person, $"sign {kind}", [outcome.ToString()]);
        }
    }

    private void Offline(int daysAgo, string title, OfflineTrainingKind kind, string hours, string trainer, string place, AttendanceMethod method)
    {
        var id = 0;
        Add(At(daysAgo, 8), async s =>
        {
            var (created, problems) = await s.GetRequiredService<OfflineTrainingService>().CreateAsync(new OfflineSessionForm
            {
                Title = title,
                Kind = kind,
                HeldOn = LocalTime.FormatDay(today.AddDays(-daysAgo)),
                Hours = hours,
                Trainer = trainer,
                Place = place,
            }, Hr);
            id = created ?? throw new InvalidOperationException($"Demo history: offline session {title}: {string.Join(" ", problems.Select(p => p.Message))}");
        });
        Add(At(daysAgo, 17), async s =>
        {
            // Most of those on a post that day came; on a sign-in sheet, three checked in with their phones.
            var present = people.Values.Where(p => p.OnPostAt(daysAgo) && random.Next(10) < 8).Select(p => p.Id).ToList();
            var service = s.GetRequiredService<OfflineTrainingService>();
            if (method == AttendanceMethod.Sheet)
            {
                await service.RecordAsync(id, [.. present.Take(3)], AttendanceMethod.CheckIn, Hr);
                present = [.. present.Skip(3)];
            }

            await service.RecordAsync(id, present, method, Hr);
        });
    }

    private static async Task PolicyAsync(IServiceProvider s, PostLevel level, Action<LevelPolicyForm> change)
    {
        var db = s.GetRequiredService<AppDbContext>();
        var form = LevelPolicyForm.From(await db.PostLevelPolicies.AsNoTracking().SingleAsync(p => p.Level == level));
        change(form);
        var (_, problems) = await s.GetRequiredService<PolicyEditor>().SaveAsync(level, form, Office);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"Demo history: policy {level}: {string.Join(" ", problems.Select(p => p.Message))}");
        }
    }

    private static Task<string> Job<T>(IServiceProvider s)
        where T : IJob => s.GetRequiredService<T>().RunAsync(CancellationToken.None);

    private static async Task Check(Task<PostOutcome> outcome, Person person, string what)
    {
        var result = await outcome;
        if (!result.Succeeded)
        {
            throw Failed(person, what, result.Problems.Select(p => p.ToString()));
        }
    }

    private static async Task Check(Task<FieldProblem?> outcome, Person person, string what)
    {
        if (await outcome is { } problem)
        {
            throw Failed(person, what, [problem.Message]);
        }
    }

    private static InvalidOperationException Failed(Person person, string what, IEnumerable<string> why) =>
        new($"Demo history: {person.Plan.No} {what}: {string.Join(" ", why)}");
}
