using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Account;

namespace SecrecyTraining.Web.Data.Configurations;

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> entity)
    {
        entity.Property(d => d.Name).HasMaxLength(100);
        entity.HasIndex(d => d.Name).IsUnique();
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> entity)
    {
        entity.Property(p => p.EmployeeNumber).HasMaxLength(32);
        entity.Property(p => p.Name).HasMaxLength(100);
        entity.HasIndex(p => p.EmployeeNumber).IsUnique();
        entity.HasOne(p => p.Department).WithMany().HasForeignKey(p => p.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PostConfiguration : IEntityTypeConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> entity)
    {
        entity.Property(p => p.Title).HasMaxLength(100);
        entity.Property(p => p.Level).HasConversion<string>().HasMaxLength(16);
        entity.HasOne(p => p.Department).WithMany().HasForeignKey(p => p.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> entity)
    {
        entity.Property(u => u.DisplayName).HasMaxLength(100);
        entity.HasIndex(u => u.PersonId).IsUnique();
        entity.HasOne<Person>().WithMany().HasForeignKey(u => u.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PostAssignmentConfiguration : IEntityTypeConfiguration<PostAssignment>
{
    public void Configure(EntityTypeBuilder<PostAssignment> entity)
    {
        entity.Property(a => a.State).HasConversion<string>().HasMaxLength(16);
        entity.Property(a => a.Vetting).HasConversion<string>().HasMaxLength(16);
        entity.Property(a => a.ProposedBy).HasMaxLength(256);
        entity.Property(a => a.VettedBy).HasMaxLength(256);
        entity.Property(a => a.VettingNote).HasMaxLength(500);
        entity.Property(a => a.SuspensionReason).HasMaxLength(500);
        entity.Property(a => a.DecryptionChangeReason).HasMaxLength(500);
        entity.Ignore(a => a.IsOpen);
        entity.HasIndex(a => new { a.PersonId, a.State });
        entity.HasIndex(a => new { a.PostId, a.State });
        entity.HasOne(a => a.Person).WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne(a => a.Post).WithMany().HasForeignKey(a => a.PostId).OnDelete(DeleteBehavior.Restrict);
        entity.HasMany(a => a.Events).WithOne().HasForeignKey(e => e.PostAssignmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PostAssignmentEventConfiguration : IEntityTypeConfiguration<PostAssignmentEvent>
{
    public void Configure(EntityTypeBuilder<PostAssignmentEvent> entity)
    {
        entity.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        entity.Property(e => e.Actor).HasMaxLength(256);
        entity.Property(e => e.Details).HasMaxLength(2000);
    }
}

internal sealed class TrainingAssignmentConfiguration : IEntityTypeConfiguration<TrainingAssignment>
{
    public void Configure(EntityTypeBuilder<TrainingAssignment> entity)
    {
        entity.Property(a => a.Reason).HasConversion<string>().HasMaxLength(16);
        entity.Property(a => a.CourseId).HasMaxLength(64);
        entity.Property(a => a.ExamId).HasMaxLength(64);
        entity.HasIndex(a => new { a.PersonId, a.CompletedAt });
        entity.HasIndex(a => a.DueAt);
        entity.Property(a => a.Key).HasMaxLength(100);
        entity.HasIndex(a => a.Key).IsUnique();
        entity.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<ExamBlueprint>().WithMany().HasForeignKey(a => a.ExamId).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<PostAssignment>().WithMany().HasForeignKey(a => a.PostAssignmentId).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<ExamSession>().WithMany().HasForeignKey(a => a.ExamSessionId).OnDelete(DeleteBehavior.Restrict);
        entity.Property(a => a.ExtensionReason).HasMaxLength(200);
    }
}

internal sealed class ExemptionConfiguration : IEntityTypeConfiguration<Exemption>
{
    public void Configure(EntityTypeBuilder<Exemption> entity)
    {
        entity.Property(e => e.Reason).HasMaxLength(200);
        entity.Property(e => e.CreatedBy).HasMaxLength(256);
        entity.Property(e => e.EndedBy).HasMaxLength(256);
        entity.HasIndex(e => new { e.PersonId, e.EndsOn });
        entity.HasOne<Person>().WithMany().HasForeignKey(e => e.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OfflineSessionConfiguration : IEntityTypeConfiguration<OfflineSession>
{
    public void Configure(EntityTypeBuilder<OfflineSession> entity)
    {
        entity.Property(e => e.Title).HasMaxLength(200);
        entity.Property(e => e.Trainer).HasMaxLength(100);
        entity.Property(e => e.Place).HasMaxLength(100);
        entity.Property(e => e.Clauses).HasMaxLength(1000);
        entity.Property(e => e.CheckInKey).HasMaxLength(64);
        entity.Property(e => e.CreatedBy).HasMaxLength(256);
        entity.Property(e => e.Hours).HasPrecision(4, 1);
        entity.HasIndex(e => e.HeldOn);
    }
}

internal sealed class OfflineAttendanceConfiguration : IEntityTypeConfiguration<OfflineAttendance>
{
    public void Configure(EntityTypeBuilder<OfflineAttendance> entity)
    {
        entity.Property(e => e.RecordedBy).HasMaxLength(256);
        entity.HasIndex(e => new { e.SessionId, e.PersonId }).IsUnique();
        entity.HasIndex(e => e.PersonId);
        entity.HasOne<OfflineSession>().WithMany().HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Cascade);
        entity.HasOne<Person>().WithMany().HasForeignKey(e => e.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CommitmentSignatureConfiguration : IEntityTypeConfiguration<CommitmentSignature>
{
    public void Configure(EntityTypeBuilder<CommitmentSignature> entity)
    {
        entity.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        entity.Property(s => s.Version).HasMaxLength(32);
        entity.Property(s => s.TextHash).HasMaxLength(64);
        entity.HasIndex(s => new { s.PersonId, s.Kind });
        entity.HasOne<Person>().WithMany().HasForeignKey(s => s.PersonId).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<CommitmentText>().WithMany().HasForeignKey(s => s.CommitmentTextId).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne<PostAssignment>().WithMany().HasForeignKey(s => s.PostAssignmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> entity)
    {
        entity.Property(n => n.UserId).HasMaxLength(450);
        entity.Property(n => n.Key).HasMaxLength(200);
        entity.HasIndex(n => n.Key).IsUnique();
        entity.HasIndex(n => new { n.UserId, n.ReadAt });
        entity.Property(n => n.Title).HasMaxLength(200);
        entity.Property(n => n.Body).HasMaxLength(2000);
        entity.Property(n => n.Link).HasMaxLength(300);
        entity.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entity)
    {
        entity.HasKey(e => e.Sequence);
        entity.Property(e => e.Sequence).ValueGeneratedNever();
        entity.Property(e => e.Actor).HasMaxLength(256);
        entity.Property(e => e.Action).HasMaxLength(64);
        entity.Property(e => e.Subject).HasMaxLength(256);
        entity.Property(e => e.Details).HasMaxLength(2000);
        entity.Property(e => e.PreviousHash).HasMaxLength(64);
        entity.Property(e => e.Hash).HasMaxLength(64);
        entity.HasIndex(e => e.At);
        entity.HasIndex(e => e.Action);
    }
}

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> entity)
    {
        entity.Property(h => h.Id).ValueGeneratedNever();
        entity.Property(h => h.LastHash).HasMaxLength(64);
    }
}

internal sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<AuditCheckpoint> entity) => entity.Property(c => c.Hash).HasMaxLength(64);
}
