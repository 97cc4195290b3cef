using Monitor.Core;
using Monitor.Core.Cadence;
using Monitor.Core.History;
using Monitor.Data.Configurations;
using Monitor.Data.Entities;

namespace Monitor.Data;

/// <summary>
/// The schema: tables, keys and lengths are annotations on the entities; what annotations cannot say (filtered
/// indexes, relations without navigations, enums stored as their wire names) is configured here.
/// </summary>
public sealed class MonitorDbContext(DbContextOptions<MonitorDbContext> options) : DbContext(options)
{
    /// <summary>Everything Monitor owns, Quartz's <c>qrtz_*</c> tables included, lives in this schema.</summary>
    public const string Schema = "monitor";

    public DbSet<WatchedTag> WatchedTags => Set<WatchedTag>();

    public DbSet<TagRevision> TagRevisions => Set<TagRevision>();

    public DbSet<RevisionPlatform> RevisionPlatforms => Set<RevisionPlatform>();

    public DbSet<PollRun> PollRuns => Set<PollRun>();

    public DbSet<TagCadenceSummary> TagCadenceSummaries => Set<TagCadenceSummary>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        StoreAsWireName<WatchSource>(configurationBuilder);
        StoreAsWireName<PollStatus>(configurationBuilder);
        StoreAsWireName<RevisionSource>(configurationBuilder);
        StoreAsWireName<AgeSource>(configurationBuilder);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);

        var revision = modelBuilder.Entity<TagRevision>();
        // A chain, not a pile: each revision has at most one successor and each tag one baseline,
        // so replays and racing replicas cannot duplicate a change.
        revision.HasIndex(r => r.PreviousRevisionId).IsUnique().HasFilter("previous_revision_id IS NOT NULL");
        revision.HasIndex(r => r.WatchedTagId).IsUnique().HasFilter("is_baseline").HasDatabaseName("ix_tag_revision_one_baseline_per_tag");
        revision.HasOne<TagRevision>().WithMany().HasForeignKey(r => r.PreviousRevisionId).OnDelete(DeleteBehavior.Restrict);

        // Back-filled rows (a registry's tag history) stay out of the chain, so they can never take a poll's place in it.
        revision.ToTable(table => table.HasCheckConstraint("ck_tag_revision_backfill_outside_chain",
            $"source = '{WireNames.RevisionSources.Name(RevisionSource.Poll)}' OR (previous_revision_id IS NULL AND previous_check_at IS NULL AND NOT is_baseline)"));

        // Constraint names as the first migrations created them (from the table names EF assumed before the attributes).
        modelBuilder.Entity<WatchedTag>().HasMany(t => t.Revisions).WithOne(r => r.WatchedTag).HasConstraintName("fk_tag_revision_watched_tags_watched_tag_id");
        modelBuilder.Entity<TagCadenceSummary>()
            .HasOne<WatchedTag>().WithOne().HasForeignKey<TagCadenceSummary>(s => s.WatchedTagId).OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_tag_cadence_watched_tags_watched_tag_id");
    }

    private static void StoreAsWireName<TEnum>(ModelConfigurationBuilder configurationBuilder)
        where TEnum : struct, Enum =>
        configurationBuilder.Properties<TEnum>().HaveConversion<WireNameConverter<TEnum>>().HaveMaxLength(20);
}
