using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Data.Configurations;

internal sealed class RegulationConfiguration : IEntityTypeConfiguration<Regulation>
{
    public void Configure(EntityTypeBuilder<Regulation> entity)
    {
        entity.Property(r => r.Id).HasMaxLength(32);
        entity.Property(r => r.Title).HasMaxLength(200);
        entity.Property(r => r.Issuer).HasMaxLength(200);
        entity.Property(r => r.Version).HasMaxLength(50);
    }
}

internal sealed class ClauseConfiguration : IEntityTypeConfiguration<Clause>
{
    public void Configure(EntityTypeBuilder<Clause> entity)
    {
        entity.Property(c => c.Id).HasMaxLength(64);
        entity.Property(c => c.RegulationId).HasMaxLength(32);
        entity.Property(c => c.ParentId).HasMaxLength(64);
        entity.Property(c => c.Heading).HasMaxLength(300);
        entity.HasOne<Regulation>().WithMany().HasForeignKey(c => c.RegulationId).OnDelete(DeleteBehavior.Restrict);
        entity.HasIndex(c => new { c.RegulationId, c.SortOrder });
    }
}

internal sealed class ClauseRevisionConfiguration : IEntityTypeConfiguration<ClauseRevision>
{
    public void Configure(EntityTypeBuilder<ClauseRevision> entity)
    {
        entity.Property(c => c.ClauseId).HasMaxLength(64);
        entity.HasIndex(c => new { c.ClauseId, c.Version }).IsUnique();
        entity.HasOne<ContentImport>().WithMany().HasForeignKey(c => c.ContentImportId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CourseConfiguration : IEntityTypeConfiguration<Course>
{
    public void Configure(EntityTypeBuilder<Course> entity)
    {
        entity.Property(c => c.Id).HasMaxLength(64);
        entity.Property(c => c.Title).HasMaxLength(200);
        entity.Property(c => c.Audience).HasMaxLength(16);
        entity.Property(c => c.Levels).HasMaxLength(64);
        entity.Property(c => c.Hours).HasPrecision(6, 1);
        entity.HasMany(c => c.Lessons).WithOne().HasForeignKey(l => l.CourseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LessonConfiguration : IEntityTypeConfiguration<Lesson>
{
    public void Configure(EntityTypeBuilder<Lesson> entity)
    {
        entity.Property(l => l.CourseId).HasMaxLength(64);
        entity.Property(l => l.Slug).HasMaxLength(100);
        entity.Property(l => l.Title).HasMaxLength(200);
        entity.HasIndex(l => new { l.CourseId, l.Slug }).IsUnique();
        entity.HasMany(l => l.Clauses).WithOne().HasForeignKey(c => c.LessonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LessonClauseConfiguration : IEntityTypeConfiguration<LessonClause>
{
    public void Configure(EntityTypeBuilder<LessonClause> entity)
    {
        entity.HasKey(c => new { c.LessonId, c.ClauseId });
        entity.Property(c => c.ClauseId).HasMaxLength(64);
        entity.HasOne<Clause>().WithMany().HasForeignKey(c => c.ClauseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class QuestionConfiguration : IEntityTypeConfiguration<Question>
{
    public void Configure(EntityTypeBuilder<Question> entity)
    {
        entity.Property(q => q.Key).HasMaxLength(100);
        entity.Property(q => q.Bank).HasMaxLength(100);
        entity.Property(q => q.Type).HasConversion<string>().HasMaxLength(16);
        entity.Property(q => q.Tags).HasMaxLength(500);
        entity.Property(q => q.Fingerprint).HasMaxLength(64);
        entity.Property(q => q.EditedBy).HasMaxLength(256);
        entity.Property(q => q.RetiredBy).HasMaxLength(256);
        entity.Property(q => q.Options).HasConversion(Json.Converter<IReadOnlyList<Features.Content.QuestionOption>>(), Json.Comparer<IReadOnlyList<Features.Content.QuestionOption>>());
        entity.Property(q => q.Correct).HasConversion(Json.Converter<IReadOnlyList<int>>(), Json.Comparer<IReadOnlyList<int>>());
        entity.Property(q => q.Blanks).HasConversion(Json.Converter<IReadOnlyList<IReadOnlyList<string>>>(), Json.Comparer<IReadOnlyList<IReadOnlyList<string>>>());
        entity.HasIndex(q => new { q.Key, q.Version }).IsUnique();
        entity.HasIndex(q => new { q.IsCurrent, q.Bank });
        entity.HasMany(q => q.Clauses).WithOne().HasForeignKey(c => c.QuestionId).OnDelete(DeleteBehavior.Cascade);
        entity.HasOne<ContentImport>().WithMany().HasForeignKey(q => q.ContentImportId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class QuestionClauseConfiguration : IEntityTypeConfiguration<QuestionClause>
{
    public void Configure(EntityTypeBuilder<QuestionClause> entity)
    {
        entity.HasKey(c => new { c.QuestionId, c.ClauseId });
        entity.Property(c => c.ClauseId).HasMaxLength(64);
        entity.HasIndex(c => c.ClauseId);
        entity.HasOne<Clause>().WithMany().HasForeignKey(c => c.ClauseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ExamBlueprintConfiguration : IEntityTypeConfiguration<ExamBlueprint>
{
    public void Configure(EntityTypeBuilder<ExamBlueprint> entity)
    {
        entity.Property(e => e.Id).HasMaxLength(64);
        entity.Property(e => e.Title).HasMaxLength(200);
        entity.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        entity.Property(e => e.Review).HasConversion<string>().HasMaxLength(16);
        entity.Property(e => e.CourseId).HasMaxLength(64);
        entity.Property(e => e.CertificationTypeId).HasMaxLength(64);
        entity.Property(e => e.Rules).HasConversion(Json.Converter<IReadOnlyList<DrawRule>>(), Json.Comparer<IReadOnlyList<DrawRule>>());
        entity.Property(e => e.EditedBy).HasMaxLength(256);
    }
}

internal sealed class CertificationTypeConfiguration : IEntityTypeConfiguration<CertificationType>
{
    public void Configure(EntityTypeBuilder<CertificationType> entity)
    {
        entity.Property(c => c.Id).HasMaxLength(64);
        entity.Property(c => c.Name).HasMaxLength(100);
        entity.Property(c => c.Renews).HasMaxLength(64);
        entity.Ignore(c => c.Chain);
    }
}

internal sealed class PostLevelPolicyConfiguration : IEntityTypeConfiguration<PostLevelPolicy>
{
    public void Configure(EntityTypeBuilder<PostLevelPolicy> entity)
    {
        entity.HasKey(p => p.Level);
        entity.Property(p => p.Level).HasConversion<string>().HasMaxLength(16);
        entity.Property(p => p.RequiredCertifications).HasMaxLength(300);
        entity.Property(p => p.EditedBy).HasMaxLength(256);
    }
}

internal sealed class CommitmentTextConfiguration : IEntityTypeConfiguration<CommitmentText>
{
    public void Configure(EntityTypeBuilder<CommitmentText> entity)
    {
        entity.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        entity.Property(c => c.Version).HasMaxLength(50);
        entity.Property(c => c.Title).HasMaxLength(200);
        entity.Property(c => c.TextHash).HasMaxLength(64);
        entity.HasIndex(c => new { c.Kind, c.Version }).IsUnique();
        entity.Property(c => c.CreatedBy).HasMaxLength(256);
        entity.Property(c => c.MadeCurrentBy).HasMaxLength(256);
    }
}

internal sealed class QuestionBankConfiguration : IEntityTypeConfiguration<QuestionBank>
{
    public void Configure(EntityTypeBuilder<QuestionBank> entity)
    {
        entity.Property(b => b.Id).HasMaxLength(100);
        entity.Property(b => b.Title).HasMaxLength(200);
    }
}

internal sealed class ContentImportConfiguration : IEntityTypeConfiguration<ContentImport>
{
    public void Configure(EntityTypeBuilder<ContentImport> entity)
    {
        entity.Property(i => i.ChangedClauses).HasMaxLength(4000);
        entity.Property(i => i.AffectedCertificationTypes).HasMaxLength(1000);
        entity.Property(i => i.RefresherApprovedBy).HasMaxLength(256);
        entity.Ignore(i => i.ChangedClauseIds);
        entity.Property(c => c.ContentHash).HasMaxLength(64);
        entity.Property(c => c.Source).HasMaxLength(500);
        entity.Property(c => c.ImportedBy).HasMaxLength(100);
    }
}

/// <summary>Small value lists stored as JSON text, the same on every provider.</summary>
internal static class Json
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T, string> Converter<T>() =>
        new(v => JsonSerializer.Serialize(v, Options), s => JsonSerializer.Deserialize<T>(s, Options)!);

    public static ValueComparer<T> Comparer<T>() =>
        new((a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
            v => JsonSerializer.Serialize(v, Options).GetHashCode(StringComparison.Ordinal),
            v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Options), Options)!);
}
