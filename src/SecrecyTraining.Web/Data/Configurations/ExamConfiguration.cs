using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Data.Configurations;

internal sealed class AttemptConfiguration : IEntityTypeConfiguration<Attempt>
{
    public void Configure(EntityTypeBuilder<Attempt> entity)
    {
        entity.Property(a => a.ExamId).HasMaxLength(64);
        entity.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        entity.Property(a => a.Review).HasConversion<string>().HasMaxLength(16).HasDefaultValue(Features.Content.ReviewPolicy.ScoreOnly);
        entity.Property(a => a.MaxScore).HasPrecision(8, 2);
        entity.Property(a => a.Score).HasPrecision(8, 2);
        entity.HasIndex(a => new { a.PersonId, a.ExamId, a.Number }).IsUnique();
        entity.HasIndex(a => new { a.Status, a.Deadline });
        entity.Property(a => a.CloseNote).HasMaxLength(500);
        entity.HasIndex(a => a.ExamSessionId);
        entity.HasOne<ExamSession>().WithMany().HasForeignKey(a => a.ExamSessionId).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<ExamBlueprint>().WithMany().HasForeignKey(a => a.ExamId).OnDelete(DeleteBehavior.Restrict);
        entity.HasMany(a => a.Questions).WithOne().HasForeignKey(q => q.AttemptId).OnDelete(DeleteBehavior.Cascade);
        entity.HasMany(a => a.Responses).WithOne().HasForeignKey(r => r.AttemptId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExamSessionConfiguration : IEntityTypeConfiguration<ExamSession>
{
    public void Configure(EntityTypeBuilder<ExamSession> entity)
    {
        entity.Property(s => s.Title).HasMaxLength(200);
        entity.Property(s => s.ExamId).HasMaxLength(64);
        entity.Property(s => s.StartCode).HasMaxLength(32);
        entity.Property(s => s.Audience).HasConversion<string>().HasMaxLength(16);
        entity.Property(s => s.AudienceValue).HasMaxLength(20000);
        entity.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        entity.Property(s => s.CreatedBy).HasMaxLength(256);
        entity.Property(s => s.PublishedBy).HasMaxLength(256);
        entity.HasIndex(s => s.OpensAt);
        entity.Property(s => s.Version).IsConcurrencyToken();
        entity.HasOne<ExamBlueprint>().WithMany().HasForeignKey(s => s.ExamId).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<ExamSession>().WithMany().HasForeignKey(s => s.MakeUpOfId).OnDelete(DeleteBehavior.Restrict);
        entity.HasMany(s => s.Examinees).WithOne().HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SessionExamineeConfiguration : IEntityTypeConfiguration<SessionExaminee>
{
    public void Configure(EntityTypeBuilder<SessionExaminee> entity)
    {
        entity.HasKey(e => new { e.SessionId, e.PersonId });
        entity.Property(e => e.ExtraReason).HasMaxLength(500);
        entity.HasIndex(e => e.AttemptId).IsUnique();
        entity.HasIndex(e => e.PersonId);
        entity.HasOne<Person>().WithMany().HasForeignKey(e => e.PersonId).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<Attempt>().WithMany().HasForeignKey(e => e.AttemptId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AttemptFocusEventConfiguration : IEntityTypeConfiguration<AttemptFocusEvent>
{
    public void Configure(EntityTypeBuilder<AttemptFocusEvent> entity)
    {
        entity.Property(e => e.Kind).HasMaxLength(16);
        entity.HasIndex(e => e.AttemptId);
        entity.HasOne<Attempt>().WithMany().HasForeignKey(e => e.AttemptId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AttemptArchiveConfiguration : IEntityTypeConfiguration<AttemptArchive>
{
    public void Configure(EntityTypeBuilder<AttemptArchive> entity)
    {
        entity.Property(e => e.Sha256).HasMaxLength(64);
        entity.HasIndex(e => e.AttemptId);
        entity.HasOne<Attempt>().WithMany().HasForeignKey(e => e.AttemptId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AttemptQuestionConfiguration : IEntityTypeConfiguration<AttemptQuestion>
{
    public void Configure(EntityTypeBuilder<AttemptQuestion> entity)
    {
        entity.HasKey(q => new { q.AttemptId, q.Position });
        entity.Property(q => q.Points).HasPrecision(8, 2);
        entity.Property(q => q.Chapter).HasMaxLength(64);
        entity.Property(q => q.OptionOrder).HasConversion(Json.Converter<IReadOnlyList<int>>(), Json.Comparer<IReadOnlyList<int>>());
        entity.HasOne(q => q.Question).WithMany().HasForeignKey(q => q.QuestionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ResponseConfiguration : IEntityTypeConfiguration<Response>
{
    public void Configure(EntityTypeBuilder<Response> entity)
    {
        entity.HasKey(r => new { r.AttemptId, r.Position });
        entity.Property(r => r.Awarded).HasPrecision(8, 2);
        entity.Property(r => r.Selected).HasConversion(Json.Converter<IReadOnlyList<int>>(), Json.Comparer<IReadOnlyList<int>>());
        entity.Property(r => r.Texts).HasConversion(Json.Converter<IReadOnlyList<string>>(), Json.Comparer<IReadOnlyList<string>>());
        entity.Property(r => r.GradedBy).HasMaxLength(256);
        entity.Property(r => r.GraderComment).HasMaxLength(1000);
    }
}

internal sealed class LessonProgressConfiguration : IEntityTypeConfiguration<LessonProgress>
{
    public void Configure(EntityTypeBuilder<LessonProgress> entity)
    {
        entity.HasKey(p => new { p.PersonId, p.LessonId });
        entity.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<Lesson>().WithMany().HasForeignKey(p => p.LessonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WrongAnswerConfiguration : IEntityTypeConfiguration<WrongAnswer>
{
    public void Configure(EntityTypeBuilder<WrongAnswer> entity)
    {
        entity.HasKey(w => new { w.PersonId, w.QuestionKey });
        entity.Property(w => w.QuestionKey).HasMaxLength(100);
        entity.Ignore(w => w.IsOpen);
        entity.HasOne<Person>().WithMany().HasForeignKey(w => w.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CertificationConfiguration : IEntityTypeConfiguration<Certification>
{
    public void Configure(EntityTypeBuilder<Certification> entity)
    {
        entity.Property(c => c.Number).HasMaxLength(32);
        entity.HasIndex(c => c.Number).IsUnique();
        entity.Property(c => c.CertificationTypeId).HasMaxLength(64);
        entity.Property(c => c.State).HasConversion<string>().HasMaxLength(16);
        entity.HasIndex(c => new { c.PersonId, c.CertificationTypeId, c.State });
        entity.HasIndex(c => c.AttemptId).IsUnique();
        entity.HasIndex(c => new { c.State, c.ValidUntil });
        entity.Property(c => c.ScorePercent).HasPrecision(5, 2);
        entity.Property(c => c.VerificationCode).HasMaxLength(400);
        entity.Property(c => c.RevokedBy).HasMaxLength(256);
        entity.Property(c => c.RevocationReason).HasMaxLength(500);
        entity.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<CertificationType>().WithMany().HasForeignKey(c => c.CertificationTypeId).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<Attempt>().WithMany().HasForeignKey(c => c.AttemptId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CertificateNumberSequenceConfiguration : IEntityTypeConfiguration<CertificateNumberSequence>
{
    public void Configure(EntityTypeBuilder<CertificateNumberSequence> entity)
    {
        entity.HasKey(s => s.Year);
        entity.Property(s => s.Year).ValueGeneratedNever();
    }
}

internal sealed class ItemStatisticConfiguration : IEntityTypeConfiguration<ItemStatistic>
{
    public void Configure(EntityTypeBuilder<ItemStatistic> entity)
    {
        entity.HasKey(s => s.QuestionId);
        entity.Property(s => s.QuestionId).ValueGeneratedNever();
        entity.Property(s => s.Facility).HasPrecision(6, 4);
        entity.Property(s => s.Discrimination).HasPrecision(6, 4);
        entity.Property(s => s.OptionRates).HasConversion(Json.Converter<IReadOnlyList<decimal>>(), Json.Comparer<IReadOnlyList<decimal>>());
        entity.Property(s => s.Flags).HasMaxLength(200);
        entity.Ignore(s => s.FlagList);
        entity.HasOne<Question>().WithMany().HasForeignKey(s => s.QuestionId).OnDelete(DeleteBehavior.Cascade);
    }
}
