using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Content;
using SecrecyTraining.Web.Features.Posts;
using SecrecyTraining.Web.Infrastructure.Localization;
using SecrecyTraining.Web.Infrastructure.Web;

namespace SecrecyTraining.Web.Features.Staff;

/// <summary>One event of a person's history: when, what kind (zh-CN, also the localization key) and the details.</summary>
/// <summary>One event of a person's history; <paramref name="ArchiveAttemptId"/>: an exam whose archive copy can be printed.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Details, int? ArchiveAttemptId = null);

/// <summary>
/// A person's whole history, newest first, from the posts, trainings, attempts, certificates and commitments; the details
/// are written in the reader's language (what the records hold — titles, reasons typed by people — stays as written).
/// </summary>
public sealed class PersonTimeline(AppDbContext db, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> localizer)
{
    public async Task<List<TimelineEntry>> ForAsync(Person person, CancellationToken ct = default)
    {
        var entries = new List<TimelineEntry>();
        var events = await (from e in db.PostAssignmentEvents.AsNoTracking()
                            join a in db.PostAssignments on e.PostAssignmentId equals a.Id
                            where a.PersonId == person.Id
                            select new { e.At, e.Kind, e.Details, e.Actor, a.Post!.Title }).ToListAsync(ct);
        entries.AddRange(events.Select(e => new TimelineEntry(e.At, PostAssignmentNames.Event(e.Kind),
            localizer["{0}（{1}）", e.Details.Length > 0 ? e.Title + Ui.Colon + e.Details : e.Title, e.Actor].Value)));

        var trainings = await (from t in db.TrainingAssignments.AsNoTracking()
                               join x in db.ExamBlueprints on t.ExamId equals x.Id
                               where t.PersonId == person.Id
                               select new { t.AssignedAt, t.DueAt, t.CompletedAt, t.Reason, x.Title }).ToListAsync(ct);
        foreach (var t in trainings)
        {
            entries.Add(new(t.AssignedAt, Ui.Key("布置培训"),
                localizer["{0}：{1}，截止 {2}", localizer[TrainingReasonNames.ChineseName(t.Reason)], t.Title, LocalTime.FormatDate(t.DueAt)].Value));
            if (t.CompletedAt is { } done)
            {
                entries.Add(new(done, Ui.Key("完成培训"), t.Title));
            }
        }

        var attempts = await (from a in db.Attempts.AsNoTracking()
                              join x in db.ExamBlueprints on a.ExamId equals x.Id
                              where a.PersonId == person.Id && a.SubmittedAt != null
                              select new
                              {
                                  a.SubmittedAt,
                                  a.Number,
                                  a.Score,
                                  a.MaxScore,
                                  a.Passed,
                                  a.AwaitingGrading,
                                  x.Title,
                                  Archived = db.AttemptArchives.Any(r => r.AttemptId == a.Id) ? a.Id : (int?)null,
                              }).ToListAsync(ct);
        entries.AddRange(attempts.Select(a => new TimelineEntry(a.SubmittedAt!.Value, Ui.Key("考试"), a.AwaitingGrading
            ? localizer["{0} 第 {1} 次：待阅卷", a.Title, a.Number].Value
            : localizer["{0} 第 {1} 次：{2}/{3} 分，{4}", a.Title, a.Number, a.Score?.ToString("0.##") ?? "", a.MaxScore.ToString("0.##"),
                localizer[a.Passed == true ? "合格" : "不合格"]].Value, a.Archived)));

        var certifications = await (from c in db.Certifications.AsNoTracking()
                                    join t in db.CertificationTypes on c.CertificationTypeId equals t.Id
                                    where c.PersonId == person.Id
                                    select new { c.Number, c.IssuedAt, c.ValidUntil, c.RevokedAt, c.RevocationReason, t.Name }).ToListAsync(ct);
        foreach (var c in certifications)
        {
            entries.Add(new(c.IssuedAt, Ui.Key("取得证书"), localizer["{0} {1}，有效期至 {2}", c.Name, c.Number, LocalTime.FormatDate(c.ValidUntil)].Value));
            if (c.RevokedAt is { } revoked)
            {
                entries.Add(new(revoked, Ui.Key("证书被撤销"), c.Number + Ui.Colon + c.RevocationReason));
            }
        }

        var signatures = await db.CommitmentSignatures.AsNoTracking().Where(s => s.PersonId == person.Id).ToListAsync(ct);
        entries.AddRange(signatures.Select(s => new TimelineEntry(s.SignedAt, Ui.Key("签署承诺书"),
            localizer["{0}（版本 {1}）", localizer[s.Kind == CommitmentKind.OnDuty ? "上岗保密承诺书" : "离岗保密承诺书"], s.Version].Value)));
        var exemptions = await db.Exemptions.AsNoTracking().Where(e => e.PersonId == person.Id).ToListAsync(ct);
        foreach (var e in exemptions)
        {
            entries.Add(new(e.CreatedAt, Ui.Key("豁免"), localizer["{0}：{1} 至 {2}（{3}）", e.Reason, Day(e.StartsOn), Day(e.EndsOn), e.CreatedBy].Value));
            if (e.EndedAt is { } ended)
            {
                entries.Add(new(ended, Ui.Key("结束豁免"), localizer["提前结束（{0}）", e.EndedBy ?? ""].Value));
            }
        }

        if (person.LeftAt is { } left)
        {
            entries.Add(new(left, Ui.Key("离职"), ""));
        }

        return [.. entries.OrderByDescending(e => e.At)];

        static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }
}
