using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Account;

namespace SecrecyTraining.Web.Data;

/// <summary>
/// The one database of the application. Each provider has a subclass with its own migrations
/// (<see cref="SqliteAppDbContext"/>, <see cref="PostgresAppDbContext"/>, <see cref="SqlServerAppDbContext"/>).
/// After changing the model, add a migration for every provider with <c>scripts/add-migration NAME</c>;
/// <c>scripts/check-migrations</c> fails while any provider lags the model.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Department> Departments => Set<Department>();

    public DbSet<Person> People => Set<Person>();

    public DbSet<Post> Posts => Set<Post>();

    public DbSet<Regulation> Regulations => Set<Regulation>();

    public DbSet<Clause> Clauses => Set<Clause>();

    public DbSet<ClauseRevision> ClauseRevisions => Set<ClauseRevision>();

    public DbSet<Course> Courses => Set<Course>();

    public DbSet<Lesson> Lessons => Set<Lesson>();

    public DbSet<Question> Questions => Set<Question>();

    public DbSet<ExamBlueprint> ExamBlueprints => Set<ExamBlueprint>();

    public DbSet<CertificationType> CertificationTypes => Set<CertificationType>();

    public DbSet<PostLevelPolicy> PostLevelPolicies => Set<PostLevelPolicy>();

    public DbSet<CommitmentText> CommitmentTexts => Set<CommitmentText>();

    public DbSet<QuestionBank> QuestionBanks => Set<QuestionBank>();

    public DbSet<ContentImport> ContentImports => Set<ContentImport>();

    public DbSet<Attempt> Attempts => Set<Attempt>();

    public DbSet<AttemptQuestion> AttemptQuestions => Set<AttemptQuestion>();

    public DbSet<Response> Responses => Set<Response>();

    public DbSet<LessonProgress> LessonProgress => Set<LessonProgress>();

    public DbSet<WrongAnswer> WrongAnswers => Set<WrongAnswer>();

    public DbSet<Certification> Certifications => Set<Certification>();

    public DbSet<CertificateNumberSequence> CertificateNumberSequences => Set<CertificateNumberSequence>();

    public DbSet<PostAssignment> PostAssignments => Set<PostAssignment>();

    public DbSet<PostAssignmentEvent> PostAssignmentEvents => Set<PostAssignmentEvent>();

    public DbSet<TrainingAssignment> TrainingAssignments => Set<TrainingAssignment>();

    public DbSet<Exemption> Exemptions => Set<Exemption>();

    public DbSet<OfflineSession> OfflineSessions => Set<OfflineSession>();

    public DbSet<OfflineAttendance> OfflineAttendances => Set<OfflineAttendance>();

    public DbSet<ExamSession> ExamSessions => Set<ExamSession>();

    public DbSet<SessionExaminee> SessionExaminees => Set<SessionExaminee>();

    public DbSet<AttemptFocusEvent> AttemptFocusEvents => Set<AttemptFocusEvent>();

    public DbSet<AttemptArchive> AttemptArchives => Set<AttemptArchive>();

    public DbSet<CommitmentSignature> CommitmentSignatures => Set<CommitmentSignature>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<ItemStatistic> ItemStatistics => Set<ItemStatistic>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();

    public DbSet<AuditCheckpoint> AuditCheckpoints => Set<AuditCheckpoint>();

    /// <summary>Data Protection keys live in the shared database so every web node can read every cookie.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    // SQLite cannot order or compare DateTimeOffset values stored as text; as binary numbers it can.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
}

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);

public sealed class SqlServerAppDbContext(DbContextOptions<SqlServerAppDbContext> options) : AppDbContext(options);
