using Microsoft.EntityFrameworkCore;
using Monitor.Data.Entities;

namespace Monitor.Data;

public sealed class MonitorDbContext(DbContextOptions<MonitorDbContext> options) : DbContext(options)
{
    /// <summary>Everything Monitor owns, Quartz's <c>qrtz_*</c> tables included, lives in this schema.</summary>
    public const string Schema = "monitor";

    public DbSet<WatchedTag> WatchedTags => Set<WatchedTag>();

    public DbSet<TagRevision> TagRevisions => Set<TagRevision>();

    public DbSet<RevisionPlatform> RevisionPlatforms => Set<RevisionPlatform>();

    public DbSet<PollRun> PollRuns => Set<PollRun>();

    public DbSet<TagCadenceSummary> TagCadenceSummaries => Set<TagCadenceSummary>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MonitorDbContext).Assembly);
    }
}
