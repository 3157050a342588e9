using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Features.Content;

public enum ImportStatus
{
    Invalid,
    Unchanged,
    Imported,

    /// <summary>A dry run: the report says what the import would do; nothing was written.</summary>
    Previewed,
}

public sealed record ContentImportResult(ImportStatus Status, IReadOnlyList<ContentProblem> Problems, string Report, int? ImportId = null);

/// <summary>
/// Imports a content set in one transaction: all of it or nothing. The same content twice changes nothing; a changed
/// question becomes a new version; a changed clause text raises the clause's version and flags what cites it for review.
/// </summary>
public sealed class ContentImporter(AppDbContext db, TimeProvider clock, Audit.AuditLog audit, ILogger<ContentImporter> logger)
{
    /// <summary>
    /// Imports <paramref name="files"/>. With <paramref name="skipWhenSourceUnchanged"/> (the start-up import) nothing happens
    /// when this source was last imported with the same content, even if an upload was imported since: the newest change
    /// wins, and an unchanged directory does not undo an upload. What was changed in the page (questions, blueprints, level
    /// policy, the current commitment text) is kept and listed unless <paramref name="overAppEdits"/> (the 保密办 approved the
    /// files over them; then even unchanged files are applied). A <paramref name="dryRun"/> does it all and rolls it back.
    /// </summary>
    public async Task<ContentImportResult> ImportAsync(
        IReadOnlyList<ContentFile> files, string source, string importedBy, bool skipWhenSourceUnchanged = false, bool overAppEdits = false,
        bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var read = ContentReader.Read(files);
        if (!read.IsValid)
        {
            return new ContentImportResult(ImportStatus.Invalid, read.Problems, $"内容有 {read.Problems.Count} 处问题，未导入。");
        }

        var content = read.Content;
        var imports = db.ContentImports.AsNoTracking().Where(i => !skipWhenSourceUnchanged || i.Source == source);
        var last = await imports.OrderByDescending(i => i.Id).FirstOrDefaultAsync(cancellationToken);
        if (last?.ContentHash == content.Hash && !overAppEdits)
        {
            return new ContentImportResult(ImportStatus.Unchanged, [], $"内容未变化（版本 {Short(content.Hash)}），数据库未改动。", last.Id);
        }

        var conflicts = await CommitmentConflictsAsync(content, cancellationToken);
        if (conflicts.Count > 0)
        {
            return new ContentImportResult(ImportStatus.Invalid, conflicts, $"内容有 {conflicts.Count} 处问题，未导入。");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var import = new ContentImport { ImportedAt = clock.GetUtcNow(), ContentHash = content.Hash, Source = source, ImportedBy = importedBy };
        db.ContentImports.Add(import);
        await db.SaveChangesAsync(cancellationToken);

        var report = new ImportReport(content.Hash, source);
        var changedClauses = await SyncRegulationsAsync(content, import.Id, report, cancellationToken);
        var policyChanges = await SyncPolicyAsync(content, report, overAppEdits, cancellationToken);
        await SyncQuestionsAsync(content, import.Id, report, overAppEdits, cancellationToken);
        await SyncBanksAsync(content, cancellationToken);
        await SyncCoursesAsync(content, report, cancellationToken);
        await SyncExamsAsync(content, report, overAppEdits, cancellationToken);
        await SyncCommitmentsAsync(content, report, overAppEdits, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await FlagForReviewAsync(changedClauses, import.Id, report, cancellationToken);
        await CountCertifiedOnOldTextAsync(content, changedClauses, report, cancellationToken);

        import.Report = report.ToString();
        await audit.AppendAsync(
            [
                new Audit.AuditRecord(importedBy, "content.imported", $"content-import:{import.Id}", $"{Short(content.Hash)} from {source}; changed clauses: {string.Join(",", changedClauses)}"),
                .. policyChanges.Select(c => new Audit.AuditRecord(importedBy, "policy.changed", c.Subject, $"{c.Details} (content-import:{import.Id})")),
            ], cancellationToken);
        import.ChangedClauses = string.Join(',', changedClauses);
        import.AffectedCertificationTypes = string.Join(',', report.AffectedCertificationTypes);
        await db.SaveChangesAsync(cancellationToken);
        if (dryRun)
        {
            // The very import, undone: what it reports is exactly what approving it would do.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return new ContentImportResult(ImportStatus.Previewed, [], import.Report);
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Content {Hash} imported from {Source} by {User}", content.Hash, source, importedBy);
        return new ContentImportResult(ImportStatus.Imported, [], import.Report, import.Id);
    }

    private async Task<List<ContentProblem>> CommitmentConflictsAsync(ContentSet content, CancellationToken cancellationToken)
    {
        var stored = await db.CommitmentTexts.AsNoTracking().ToListAsync(cancellationToken);
        return [.. content.Commitments
            .Where(c => stored.Any(s => s.Kind == c.Kind && s.Version == c.Version && s.TextHash != Sha256(c.Markdown)))
            .Select(c => new ContentProblem(c.Source, $"承诺书 {c.Kind} 第 {c.Version} 版的正文与已导入的不同；修改正文须使用新的版本号（已签署的承诺书指向原文）。"))];
    }

    private async Task<List<string>> SyncRegulationsAsync(ContentSet content, int importId, ImportReport report, CancellationToken ct)
    {
        var regulations = await db.Regulations.ToDictionaryAsync(r => r.Id, ct);
        var clauses = await db.Clauses.ToDictionaryAsync(c => c.Id, ct);
        var changed = new List<string>();
        var order = 0;
        foreach (var doc in content.Regulations)
        {
            if (!regulations.TryGetValue(doc.Id, out var regulation))
            {
                regulation = new Regulation { Id = doc.Id, Title = doc.Title, Issuer = doc.Issuer, Version = doc.Version };
                db.Regulations.Add(regulation);
            }

            (regulation.Title, regulation.Issuer, regulation.Version, regulation.Effective, regulation.Preamble) =
                (doc.Title, doc.Issuer, doc.Version, doc.Effective, doc.Preamble);
            regulation.SortOrder = order++;
            regulation.IsRetired = false;

            foreach (var c in doc.Clauses)
            {
                if (!clauses.TryGetValue(c.Id, out var clause))
                {
                    clause = new Clause { Id = c.Id, RegulationId = doc.Id, Heading = c.Heading, Text = c.Text };
                    db.Clauses.Add(clause);
                    db.ClauseRevisions.Add(new ClauseRevision { ClauseId = c.Id, Version = 1, Text = c.Text, ContentImportId = importId });
                    report.ClausesAdded++;
                }
                else if (clause.Text != c.Text)
                {
                    report.ChangedClauses.Add($"{c.Id}（第 {clause.Version} → {clause.Version + 1} 版）");
                    changed.Add(c.Id);
                    clause.Version++;
                    clause.Text = c.Text;
                    db.ClauseRevisions.Add(new ClauseRevision { ClauseId = c.Id, Version = clause.Version, Text = c.Text, ContentImportId = importId });
                }

                (clause.RegulationId, clause.ParentId, clause.Heading, clause.SortOrder, clause.IsRetired) =
                    (doc.Id, c.ParentId, c.Heading, c.Order, false);
            }
        }

        foreach (var gone in regulations.Values.Where(r => content.Regulations.All(d => d.Id != r.Id)))
        {
            gone.IsRetired = true;
        }

        foreach (var gone in clauses.Values.Where(c => !c.IsRetired && !content.ClausesById.ContainsKey(c.Id)))
        {
            gone.IsRetired = true;
            report.ClausesRetired++;
        }

        report.Regulations = content.Regulations.Count;
        report.Clauses = content.ClausesById.Count;
        return changed;
    }

    /// <summary>Brings certification types and level policies in line with policy.yaml; returns what changed, per level, for the audit log.</summary>
    private async Task<List<(string Subject, string Details)>> SyncPolicyAsync(ContentSet content, ImportReport report, bool overAppEdits, CancellationToken ct)
    {
        var changes = new List<(string Subject, string Details)>();
        var policy = content.Policy!;
        var types = await db.CertificationTypes.ToDictionaryAsync(t => t.Id, ct);
        foreach (var doc in policy.CertificationTypes)
        {
            if (types.TryGetValue(doc.Id, out var type))
            {
                (type.Name, type.Renews) = (doc.Name, doc.Renews);
            }
            else
            {
                db.CertificationTypes.Add(new CertificationType { Id = doc.Id, Name = doc.Name, Renews = doc.Renews });
            }
        }

        var levels = await db.PostLevelPolicies.ToDictionaryAsync(p => p.Level, ct);
        foreach (var doc in policy.Levels)
        {
            var isNew = !levels.TryGetValue(doc.Level, out var level);
            if (level is null)
            {
                level = new PostLevelPolicy { Level = doc.Level, RequiredCertifications = "" };
                db.PostLevelPolicies.Add(level);
            }

            if (level.EditedBy is { } editedBy && !overAppEdits)
            {
                if (Describe(level) != Describe(ToPolicy(doc)))
                {
                    report.KeptAppEdits.Add($"岗位级别 {doc.Level.ChineseName()} 的策略（{editedBy} 在页面上修改）");
                }

                continue;
            }

            var before = Describe(level);
            (level.EditedBy, level.EditedAt) = (null, null);
            level.CopyTermsFrom(ToPolicy(doc));
            var after = Describe(level);
            if (isNew || before != after)
            {
                changes.Add(($"level:{doc.Level}", isNew ? after : $"{before} → {after}"));
            }
        }

        return changes;
    }

    /// <summary>A level's policy as policy.yaml says it.</summary>
    public static PostLevelPolicy ToPolicy(LevelPolicyDoc doc) => new()
    {
        Level = doc.Level,
        RequiredCertifications = string.Join(',', doc.RequiredCertifications),
        Cycle = doc.Cycle,
        DueMonthDay = doc.DueMonthDay,
        RefresherMonths = doc.RefresherMonths,
        RecertificationWindowDays = doc.RecertificationWindowDays,
        GraceDays = doc.GraceDays,
        PassMarkPercent = doc.PassMarkPercent,
        DecryptionPeriodMonths = doc.DecryptionPeriodMonths,
        OnboardingDueDays = doc.OnboardingDueDays,
        MinimumAnnualHours = doc.MinimumAnnualHours,
    };

    /// <summary>A level's policy in the words the audit log records it ("old → new" on every change).</summary>
    public static string Describe(PostLevelPolicy p) =>
        $"requires [{p.RequiredCertifications}], " +
        (p.Cycle == CertificationCycle.Calendar ? $"calendar year due {p.DueMonthDay}" : $"refresher {p.RefresherMonths} months") +
        $", window {p.RecertificationWindowDays} days, grace {p.GraceDays} days, " +
        $"pass mark {p.PassMarkPercent}%, 脱密期 {p.DecryptionPeriodMonths} months, onboarding due in {p.OnboardingDueDays} days" +
        (p.MinimumAnnualHours > 0 ? $", at least {p.MinimumAnnualHours} 学时 a year" : "");

    private async Task SyncBanksAsync(ContentSet content, CancellationToken ct)
    {
        var banks = await db.QuestionBanks.ToDictionaryAsync(b => b.Id, ct);
        foreach (var doc in content.Banks)
        {
            if (banks.TryGetValue(doc.Id, out var bank))
            {
                bank.Title = doc.Title;
            }
            else
            {
                db.QuestionBanks.Add(new QuestionBank { Id = doc.Id, Title = doc.Title });
            }
        }
    }

    /// <summary>
    /// Questions follow the files, except what the 保密办 changed in the page (a version made in the editor, a question
    /// created or retired there): the files do not overwrite, retire or revive it unless <paramref name="overAppEdits"/>
    /// (the import was approved over them); each one left alone is listed in the report.
    /// </summary>
    private async Task SyncQuestionsAsync(ContentSet content, int importId, ImportReport report, bool overAppEdits, CancellationToken ct)
    {
        var latest = (await db.Questions.Include(q => q.Clauses).AsSplitQuery().ToListAsync(ct))
            .GroupBy(q => q.Key)
            .ToDictionary(g => g.Key, g => g.MaxBy(q => q.Version)!);
        foreach (var doc in content.Questions)
        {
            if (latest.TryGetValue(doc.Id, out var existing) && !overAppEdits && existing.RetiredBy is { } retiredBy)
            {
                report.KeptAppEdits.Add($"题目 {doc.Id}（{retiredBy} 在页面上停用）");
                continue;
            }

            if (existing is not null && (existing.Fingerprint == Fingerprint(doc) || SameContent(ToDoc(existing), doc)))
            {
                (existing.IsCurrent, existing.RetiredBy, existing.RetiredAt) = (true, null, null);
                continue;
            }

            if (existing is { EditedBy: { } editedBy } && !overAppEdits)
            {
                report.KeptAppEdits.Add($"题目 {doc.Id}（{editedBy} 在页面上修改的第 {existing.Version} 版）");
                continue;
            }

            if (existing is not null)
            {
                existing.IsCurrent = false;
                report.QuestionsRevised++;
            }
            else
            {
                report.QuestionsAdded++;
            }

            db.Questions.Add(NewVersion(doc, (existing?.Version ?? 0) + 1, importId, editedBy: null, editedAt: null));
        }

        var keys = content.Questions.Select(q => q.Id).ToHashSet();
        foreach (var gone in latest.Values.Where(q => q.IsCurrent && !keys.Contains(q.Key)))
        {
            if (gone.EditedBy is { } editedBy && !overAppEdits)
            {
                report.KeptAppEdits.Add($"题目 {gone.Key}（{editedBy} 在页面上新建或修改，文件中没有）");
                continue;
            }

            gone.IsCurrent = false;
            report.QuestionsRetired++;
        }

        report.Questions = content.Questions.Count;
    }

    private async Task SyncCoursesAsync(ContentSet content, ImportReport report, CancellationToken ct)
    {
        var courses = await db.Courses.Include(c => c.Lessons).ThenInclude(l => l.Clauses).AsSplitQuery().ToDictionaryAsync(c => c.Id, ct);
        foreach (var doc in content.Courses)
        {
            if (!courses.TryGetValue(doc.Id, out var course))
            {
                course = new Course { Id = doc.Id, Title = doc.Title, Audience = doc.Audience.ToString(), Levels = "" };
                db.Courses.Add(course);
            }

            course.Title = doc.Title;
            course.Audience = doc.Audience.ToString();
            course.Levels = string.Join(',', doc.Levels);
            course.Hours = doc.Hours;
            course.Description = doc.Description;
            course.IsRetired = false;
            foreach (var l in doc.Lessons)
            {
                var lesson = course.Lessons.FirstOrDefault(x => x.Slug == l.Slug);
                if (lesson is null)
                {
                    lesson = new Lesson { CourseId = doc.Id, Slug = l.Slug, Title = l.Title, Markdown = l.Markdown };
                    course.Lessons.Add(lesson);
                }

                (lesson.Order, lesson.Title, lesson.MinimumMinutes, lesson.Markdown, lesson.IsRetired) = (l.Order, l.Title, l.MinimumMinutes, l.Markdown, false);
                lesson.Clauses.RemoveAll(c => !l.Clauses.Contains(c.ClauseId));
                lesson.Clauses.AddRange(l.Clauses.Distinct().Where(id => lesson.Clauses.All(c => c.ClauseId != id)).Select(id => new LessonClause { ClauseId = id }));
            }

            foreach (var gone in course.Lessons.Where(x => doc.Lessons.All(l => l.Slug != x.Slug)))
            {
                gone.IsRetired = true;
            }
        }

        foreach (var gone in courses.Values.Where(c => content.Courses.All(d => d.Id != c.Id)))
        {
            gone.IsRetired = true;
        }

        report.Courses = content.Courses.Count;
        report.Lessons = content.Courses.Sum(c => c.Lessons.Count);
    }

    private async Task SyncExamsAsync(ContentSet content, ImportReport report, bool overAppEdits, CancellationToken ct)
    {
        var exams = await db.ExamBlueprints.ToDictionaryAsync(e => e.Id, ct);
        foreach (var doc in content.Exams)
        {
            if (!exams.TryGetValue(doc.Id, out var exam))
            {
                exam = new ExamBlueprint { Id = doc.Id, Title = doc.Title, Rules = [], Version = 0 };
                db.ExamBlueprints.Add(exam);
                report.ExamsAdded++;
            }
            else if (exam.EditedBy is { } editedBy && !overAppEdits)
            {
                if (!SameBlueprint(exam, Apply(new ExamBlueprint { Id = doc.Id, Title = doc.Title, Rules = [] }, doc)))
                {
                    report.KeptAppEdits.Add($"试卷 {doc.Id}（{editedBy} 在页面上修改的第 {exam.Version} 版）");
                }

                continue;
            }

            var before = exam.Version == 0 ? null : BlueprintYaml.Write(exam).Yaml;
            var wasRetired = exam.IsRetired;
            Apply(exam, doc);
            if (before != BlueprintYaml.Write(exam).Yaml || wasRetired)
            {
                exam.Version++;
                report.ExamsChanged += before is null ? 0 : 1;
            }

            (exam.EditedBy, exam.EditedAt) = (null, null);
        }

        // Blueprints the content-refresher job generated are not content files: they stay.
        foreach (var gone in exams.Values.Where(e => content.Exams.All(d => d.Id != e.Id) && !e.Id.StartsWith(Jobs.ContentRefresher.ExamPrefix, StringComparison.Ordinal)))
        {
            if (gone.EditedBy is { } editedBy && !overAppEdits)
            {
                if (!gone.IsRetired)
                {
                    report.KeptAppEdits.Add($"试卷 {gone.Id}（{editedBy} 在页面上新建或修改，文件中没有）");
                }

                continue;
            }

            if (!gone.IsRetired)
            {
                gone.IsRetired = true;
                report.ExamsRetired++;
            }
        }

        report.Exams = content.Exams.Count;
    }

    /// <summary>Whether two blueprints say the same (what the file would say of each).</summary>
    public static bool SameBlueprint(ExamBlueprint a, ExamBlueprint b) => BlueprintYaml.Write(a).Yaml == BlueprintYaml.Write(b).Yaml;

    /// <summary>Sets <paramref name="exam"/> to what <paramref name="doc"/> says (the id stays).</summary>
    public static ExamBlueprint Apply(ExamBlueprint exam, ExamDoc doc)
    {
        (exam.Kind, exam.Title, exam.TimeLimitMinutes, exam.PassMarkPercent, exam.MaxAttempts, exam.CooldownMinutes) =
            (doc.Kind, doc.Title, doc.TimeLimitMinutes, doc.PassMarkPercent, doc.MaxAttempts, doc.CooldownMinutes);
        (exam.ShuffleQuestions, exam.ShuffleOptions, exam.Review, exam.CourseId, exam.CertificationTypeId, exam.ValidityMonths) =
            (doc.ShuffleQuestions, doc.ShuffleOptions, doc.Review, doc.CourseId, doc.CertificationTypeId, doc.ValidityMonths);
        exam.PartialCredit = doc.PartialCredit;
        exam.Rules = [.. doc.Rules.Select(r => new DrawRule(r.Bank, r.Clauses, r.Type, r.Count, r.Points))];
        exam.IsRetired = false;
        return exam;
    }

    /// <summary>
    /// Adds the versions the files bring and makes each kind's highest file version current, except where the 保密办 made
    /// a version current in the page (then that choice stands unless the import was approved over it).
    /// </summary>
    private async Task SyncCommitmentsAsync(ContentSet content, ImportReport report, bool overAppEdits, CancellationToken ct)
    {
        var stored = await db.CommitmentTexts.ToListAsync(ct);
        foreach (var doc in content.Commitments.Where(d => stored.All(s => s.Kind != d.Kind || s.Version != d.Version)))
        {
            var text = new CommitmentText { Kind = doc.Kind, Version = doc.Version, Title = doc.Title, Markdown = doc.Markdown, TextHash = Sha256(doc.Markdown) };
            db.CommitmentTexts.Add(text);
            stored.Add(text);
        }

        var now = clock.GetUtcNow();
        foreach (var group in stored.GroupBy(s => s.Kind))
        {
            var current = content.Commitments.Where(d => d.Kind == group.Key).Max(d => d.Version);
            if (group.FirstOrDefault(t => t.IsCurrent) is { MadeCurrentBy: { } by } chosen && !overAppEdits)
            {
                if (chosen.Version != current)
                {
                    report.KeptAppEdits.Add($"{(group.Key == CommitmentKind.OnDuty ? "上岗" : "离岗")}承诺书（{by} 在页面上启用第 {chosen.Version} 版）");
                }

                continue;
            }

            foreach (var text in group)
            {
                var isCurrent = text.Version == current;
                if (isCurrent && (!text.IsCurrent || text.MadeCurrentBy is not null))
                {
                    (text.CurrentSince, text.MadeCurrentBy) = (now, null);
                }

                text.IsCurrent = isCurrent;
            }
        }
    }

    /// <summary>What cites a changed clause needs review, except question versions written in this very import.</summary>
    private async Task FlagForReviewAsync(List<string> changedClauses, int importId, ImportReport report, CancellationToken ct)
    {
        if (changedClauses.Count == 0)
        {
            return;
        }

        var questions = await db.Questions
            .Where(q => q.IsCurrent && q.ContentImportId != importId && q.Clauses.Any(c => changedClauses.Contains(c.ClauseId)))
            .ToListAsync(ct);
        foreach (var question in questions)
        {
            question.NeedsReview = true;
            report.FlaggedQuestions.Add(question.Key);
        }

        var lessons = await db.Lessons
            .Where(l => !l.IsRetired && l.Clauses.Any(c => changedClauses.Contains(c.ClauseId)))
            .ToListAsync(ct);
        foreach (var lesson in lessons)
        {
            lesson.NeedsReview = true;
            report.FlaggedLessons.Add($"{lesson.CourseId}/{lesson.Slug}");
        }
    }

    /// <summary>
    /// How many people hold a valid certification whose exam can draw a question on a changed clause: they were certified
    /// on the old text (the scheduling issue assigns them a targeted refresher).
    /// </summary>
    private async Task CountCertifiedOnOldTextAsync(ContentSet content, List<string> changedClauses, ImportReport report, CancellationToken ct)
    {
        if (changedClauses.Count == 0)
        {
            return;
        }

        var affectedTypes = content.Exams
            .Where(e => e.CertificationTypeId is not null && e.Rules.Any(rule => content.Questions.Any(q =>
                DrawRules.Matches(rule.Bank, rule.Type, rule.Clauses, q.Bank, q.Type, q.Clauses, content.Tree)
                && q.Clauses.Any(cited => changedClauses.Any(changed => content.Tree.IsWithin(cited, changed))))))
            .Select(e => e.CertificationTypeId!)
            .Distinct()
            .ToList();
        var now = clock.GetUtcNow();
        report.CertifiedOnOldText = await db.Certifications
            .Where(c => c.State == CertificationState.Valid && c.ValidUntil > now && affectedTypes.Contains(c.CertificationTypeId))
            .Select(c => c.PersonId).Distinct().CountAsync(ct);
        report.AffectedCertificationTypes.AddRange(affectedTypes);
    }

    /// <summary>
    /// Whether two questions say the same, whatever order their clauses are listed in (the database keeps clauses as a set,
    /// so a question read back lists them sorted while its file may not).
    /// </summary>
    public static bool SameContent(QuestionDoc a, QuestionDoc b) => Fingerprint(Canonical(a)) == Fingerprint(Canonical(b));

    private static QuestionDoc Canonical(QuestionDoc q) => q with { Clauses = [.. q.Clauses.Distinct().Order(StringComparer.Ordinal)] };

    /// <summary>
    /// The current version <paramref name="version"/> of a question as <paramref name="doc"/> says it: from an import
    /// (<paramref name="importId"/>) or made in the page (<paramref name="editedBy"/>).
    /// </summary>
    public static Question NewVersion(QuestionDoc doc, int version, int? importId, string? editedBy, DateTimeOffset? editedAt)
    {
        var question = new Question
        {
            Key = doc.Id,
            Version = version,
            IsCurrent = true,
            Bank = doc.Bank,
            Type = doc.Type,
            Stem = doc.Stem,
            Options = doc.Options,
            Correct = doc.Correct,
            Explanation = doc.Explanation,
            Blanks = doc.Blanks,
            NormalizeAnswers = doc.Normalize,
            ReferenceAnswer = doc.Reference,
            Rubric = doc.Rubric,
            Difficulty = doc.Difficulty,
            Tags = string.Join(',', doc.Tags),
            Fingerprint = Fingerprint(doc),
            ContentImportId = importId,
            EditedBy = editedBy,
            EditedAt = editedAt,
        };
        question.Clauses.AddRange(doc.Clauses.Distinct().Select(c => new QuestionClause { ClauseId = c }));
        return question;
    }

    /// <summary>A stored question as the reader would have read it (clauses sorted).</summary>
    public static QuestionDoc ToDoc(Question q) => new(
        q.Key, q.Bank, q.Type, q.Stem, q.Options, q.Correct, q.Explanation, [.. q.Clauses.Select(c => c.ClauseId).Order(StringComparer.Ordinal)],
        q.Difficulty, q.Tags.Length == 0 ? [] : q.Tags.Split(','), new SourceRef("database", q.Id))
    {
        Blanks = q.Blanks,
        Normalize = q.NormalizeAnswers,
        Reference = q.ReferenceAnswer,
        Rubric = q.Rubric,
    };

    /// <summary>SHA-256 of what the question says (a choice question's the same as before 填空 and 简答 existed).</summary>
    public static string Fingerprint(QuestionDoc q) => Sha256(JsonSerializer.Serialize(new
    {
        q.Bank,
        q.Type,
        q.Stem,
        q.Options,
        q.Correct,
        q.Explanation,
        q.Clauses,
        q.Difficulty,
        q.Tags,
    }) + (q.Type.IsChoice() ? "" : JsonSerializer.Serialize(new { q.Blanks, q.Normalize, q.Reference, q.Rubric })));

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Short(string hash) => hash[..12];

    /// <summary>What an import did, in the words the 保密办 reads in the import history and the CLI prints.</summary>
    private sealed class ImportReport(string hash, string source)
    {
        public int Regulations { get; set; }
        public int Clauses { get; set; }
        public int ClausesAdded { get; set; }
        public int ClausesRetired { get; set; }
        public int Questions { get; set; }
        public int QuestionsAdded { get; set; }
        public int QuestionsRevised { get; set; }
        public int QuestionsRetired { get; set; }
        public int Courses { get; set; }
        public int Lessons { get; set; }
        public int Exams { get; set; }
        public int ExamsAdded { get; set; }
        public int ExamsChanged { get; set; }
        public int ExamsRetired { get; set; }
        public List<string> ChangedClauses { get; } = [];
        public SortedSet<string> FlaggedQuestions { get; } = new(StringComparer.Ordinal);

        /// <summary>What the 保密办 changed in the page that this import left as it is (it was not approved over it).</summary>
        public SortedSet<string> KeptAppEdits { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> FlaggedLessons { get; } = new(StringComparer.Ordinal);
        public int CertifiedOnOldText { get; set; }
        public List<string> AffectedCertificationTypes { get; } = [];

        public override string ToString()
        {
            var text = new StringBuilder();
            text.AppendLine($"内容版本 {Short(hash)}（来源：{source}）");
            text.AppendLine($"规章 {Regulations} 部；条款 {Clauses} 条（新增 {ClausesAdded}，修改 {ChangedClauses.Count}，停用 {ClausesRetired}）");
            text.AppendLine($"题目 {Questions} 道（新增 {QuestionsAdded}，新版本 {QuestionsRevised}，停用 {QuestionsRetired}）");
            text.AppendLine($"课程 {Courses} 门，课时 {Lessons} 个；试卷 {Exams} 套（新增 {ExamsAdded}，修改 {ExamsChanged}，停用 {ExamsRetired}）");
            if (KeptAppEdits.Count > 0)
            {
                text.AppendLine($"页面上修改过、本次导入未覆盖的内容（批准覆盖：content import --approve 或上传时勾选）：{string.Join("、", KeptAppEdits)}");
            }

            if (ChangedClauses.Count > 0)
            {
                text.AppendLine($"修改的条款：{string.Join("、", ChangedClauses)}");
                text.AppendLine($"待复核的题目：{(FlaggedQuestions.Count == 0 ? "无" : string.Join("、", FlaggedQuestions))}");
                text.AppendLine($"待复核的课时：{(FlaggedLessons.Count == 0 ? "无" : string.Join("、", FlaggedLessons))}");
                text.AppendLine($"持有在旧条款文本下取得的有效证书的人数：{CertifiedOnOldText}（证书类型：{(AffectedCertificationTypes.Count == 0 ? "无" : string.Join("、", AffectedCertificationTypes))}）");
            }

            return text.ToString().TrimEnd();
        }
    }
}
