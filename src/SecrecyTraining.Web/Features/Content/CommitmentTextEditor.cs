using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SecrecyTraining.Web.Data;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Features.Content;

/// <summary>A new version of a 保密承诺书 as the 保密办 writes it.</summary>
public sealed class CommitmentTextForm
{
    public CommitmentKind Kind { get; set; } = CommitmentKind.OnDuty;

    public string? Version { get; set; }

    public string? Title { get; set; }

    public string? Markdown { get; set; }
}

/// <summary>One version of a commitment text with who signed it.</summary>
public sealed record CommitmentVersionRow(CommitmentText Text, IReadOnlyList<CommitmentSigner> Signers);

public sealed record CommitmentSigner(int PersonId, string Name, string EmployeeNumber, DateTimeOffset SignedAt);

/// <summary>The people on a classified post (not leaving it) who have not yet signed the current 上岗 text.</summary>
public sealed record UnsignedPerson(int PersonId, string Name, string EmployeeNumber);

/// <summary>
/// The 保密办 writes a new version of a commitment text in the page and makes it the current one on a date; signatures
/// keep pointing at the version (and hash) they signed, so who signed which version stays visible. Once a new 上岗 text is
/// current, everyone on a post is asked to sign it, and the gate requires it at the next activation. Both steps are audited.
/// The text is checked by the reader of content/commitments (front matter written one key per line).
/// </summary>
public sealed class CommitmentTextEditor(AppDbContext db, ContentExport export, TimeProvider clock, Audit.AuditLog audit)
{
    public static string KindName(CommitmentKind kind) => kind == CommitmentKind.OnDuty ? "上岗" : "离岗";

    public async Task<IReadOnlyList<CommitmentVersionRow>> VersionsAsync(CancellationToken ct = default)
    {
        var texts = await db.CommitmentTexts.AsNoTracking().OrderBy(t => t.Kind).ThenByDescending(t => t.Id).ToListAsync(ct);
        var signers = (await db.CommitmentSignatures.AsNoTracking()
            .Join(db.People, s => s.PersonId, p => p.Id, (s, p) => new { s.CommitmentTextId, s.PersonId, p.Name, p.EmployeeNumber, s.SignedAt })
            .ToListAsync(ct))
            .ToLookup(s => s.CommitmentTextId);
        return [.. texts.Select(t => new CommitmentVersionRow(t,
            [.. signers[t.Id].OrderBy(s => s.SignedAt).Select(s => new CommitmentSigner(s.PersonId, s.Name, s.EmployeeNumber, s.SignedAt))]))];
    }

    public async Task<IReadOnlyList<UnsignedPerson>> UnsignedCurrentOnDutyAsync(CancellationToken ct = default)
    {
        var current = await db.CommitmentTexts.AsNoTracking().Where(t => t.Kind == CommitmentKind.OnDuty && t.IsCurrent).Select(t => (int?)t.Id).FirstOrDefaultAsync(ct);
        var onPosts = await db.PostAssignments.AsNoTracking()
            .Where(a => a.State != PostAssignmentState.Ended && a.LeavingRequestedAt == null)
            .Select(a => new { a.PersonId, a.Person!.Name, a.Person.EmployeeNumber }).Distinct().ToListAsync(ct);
        var signed = (await db.CommitmentSignatures.AsNoTracking().Where(s => s.CommitmentTextId == current).Select(s => s.PersonId).ToListAsync(ct)).ToHashSet();
        return [.. onPosts.Where(p => !signed.Contains(p.PersonId)).DistinctBy(p => p.PersonId).OrderBy(p => p.EmployeeNumber, StringComparer.Ordinal)
            .Select(p => new UnsignedPerson(p.PersonId, p.Name, p.EmployeeNumber))];
    }

    /// <summary>Adds the version (not yet current); returns it, or the problems by field.</summary>
    public async Task<(CommitmentText? Created, IReadOnlyList<FieldProblem> Problems)> CreateAsync(CommitmentTextForm form, string actor, CancellationToken ct = default)
    {
        var version = form.Version?.Trim() ?? "";
        var title = form.Title?.Trim() ?? "";
        var markdown = (form.Markdown ?? "").Replace("\r\n", "\n").Trim();
        var y = new YamlLines().Add("---", nameof(form.Kind))
            .Add($"kind: {KindName(form.Kind)}", nameof(form.Kind))
            .Add($"version: {ContentYaml.Quote(version)}", nameof(form.Version))
            .Add($"title: {ContentYaml.Quote(title)}", nameof(form.Title))
            .Add("---", nameof(form.Markdown))
            .Add("", nameof(form.Markdown));
        var file = new ContentFile($"commitments/editor-{form.Kind}.md", y + markdown + "\n");
        var fields = new Dictionary<int, string>(y.Fields);
        for (var line = 7; line <= file.Text.Count(c => c == '\n') + 1; line++)
        {
            fields[line] = nameof(form.Markdown);
        }

        var problems = (await ContentChecks.ProblemsInAsync(export, file, fields, ct: ct)).ToList();
        if (version.Length == 0)
        {
            problems.Add(new(nameof(form.Version), "请填写版本号。"));
        }
        else if (version.Length > 50)
        {
            problems.Add(new(nameof(form.Version), $"最多 50 个字符，现有 {version.Length} 个。"));
        }
        else if (await db.CommitmentTexts.AnyAsync(t => t.Kind == form.Kind && t.Version == version, ct))
        {
            problems.Add(new(nameof(form.Version), $"{KindName(form.Kind)}承诺书已有第 {version} 版；新的文本须使用新的版本号（已签署的承诺书指向原文）。"));
        }

        if (title.Length > 200)
        {
            problems.Add(new(nameof(form.Title), $"最多 200 个字符，现有 {title.Length} 个。"));
        }

        if (problems.Count > 0)
        {
            return (null, [.. problems.DistinctBy(p => (p.Field, p.Message))]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var text = new CommitmentText
        {
            Kind = form.Kind,
            Version = version,
            Title = title,
            Markdown = markdown,
            TextHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(markdown))),
            CreatedBy = actor,
            CreatedAt = clock.GetUtcNow(),
        };
        db.CommitmentTexts.Add(text);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(actor, "commitment.text-created", $"commitment-text:{text.Id}", $"{KindName(form.Kind)} version {version}", ct);
        await transaction.CommitAsync(ct);
        return (text, []);
    }

    /// <summary>Makes version <paramref name="id"/> the current text of its kind from now on; null when it already is or does not exist.</summary>
    public async Task<CommitmentText?> MakeCurrentAsync(int id, string actor, CancellationToken ct = default)
    {
        var text = await db.CommitmentTexts.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (text is null || text.IsCurrent)
        {
            return null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Conditional updates, so two versions made current at once leave exactly one current (the later one).
        var previous = await db.CommitmentTexts.AsNoTracking().Where(t => t.Kind == text.Kind && t.IsCurrent && t.Id != id).ToListAsync(ct);
        await db.CommitmentTexts.Where(t => t.Kind == text.Kind && t.IsCurrent && t.Id != id).ExecuteUpdateAsync(set => set.SetProperty(t => t.IsCurrent, false), ct);
        var now = clock.GetUtcNow();
        if (await db.CommitmentTexts.Where(t => t.Id == id && !t.IsCurrent)
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.IsCurrent, true).SetProperty(t => t.CurrentSince, now).SetProperty(t => t.MadeCurrentBy, actor), ct) == 0)
        {
            return null; // made current a moment ago
        }

        (text.IsCurrent, text.CurrentSince, text.MadeCurrentBy) = (true, now, actor);
        var old = previous.Count == 0 ? "none" : string.Join(",", previous.Select(p => p.Version));
        await audit.AppendAsync(actor, "commitment.text-made-current", $"commitment-text:{text.Id}", $"{KindName(text.Kind)} current version {old} → {text.Version}", ct);
        await transaction.CommitAsync(ct);
        return text;
    }
}
