using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Monitor.Core.History;
using Monitor.Data.Entities;

namespace Monitor.Data.Configurations;

internal sealed class TagRevisionConfiguration : IEntityTypeConfiguration<TagRevision>
{
    public void Configure(EntityTypeBuilder<TagRevision> builder)
    {
        builder.ToTable("tag_revision");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Digest).HasMaxLength(100);
        builder.Property(r => r.MediaType).HasMaxLength(200);
        builder.Property(r => r.Source).HasConversion(new WireNameConverter<RevisionSource>()).HasMaxLength(20);

        builder.HasIndex(r => new { r.WatchedTagId, r.Digest, r.FirstSeenAt }).IsUnique();
        // A chain, not a pile: each revision has at most one successor and each tag one baseline,
        // so replays and racing replicas cannot duplicate a change.
        builder.HasIndex(r => r.PreviousRevisionId).IsUnique().HasFilter("previous_revision_id IS NOT NULL");
        builder.HasIndex(r => r.WatchedTagId).IsUnique().HasFilter("is_baseline").HasDatabaseName("ix_tag_revision_one_baseline_per_tag");
        builder.HasIndex(r => new { r.WatchedTagId, r.FirstSeenAt });

        builder.HasOne<TagRevision>().WithMany().HasForeignKey(r => r.PreviousRevisionId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Platforms).WithOne().HasForeignKey(p => p.RevisionId).OnDelete(DeleteBehavior.Cascade);
    }
}
