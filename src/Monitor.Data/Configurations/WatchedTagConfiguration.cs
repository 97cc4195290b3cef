using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Monitor.Core.History;
using Monitor.Data.Entities;

namespace Monitor.Data.Configurations;

internal sealed class WatchedTagConfiguration : IEntityTypeConfiguration<WatchedTag>
{
    public void Configure(EntityTypeBuilder<WatchedTag> builder)
    {
        builder.ToTable("watched_tag");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Registry).HasMaxLength(255);
        builder.Property(t => t.Repository).HasMaxLength(255);
        builder.Property(t => t.Tag).HasMaxLength(128);
        builder.Property(t => t.WatchGroup).HasMaxLength(100);
        builder.Property(t => t.CurrentDigest).HasMaxLength(100);
        builder.Property(t => t.LastError).HasMaxLength(1000);
        builder.Property(t => t.Source).HasConversion(new WireNameConverter<WatchSource>()).HasMaxLength(20);
        builder.Property(t => t.Status).HasConversion(new WireNameConverter<PollStatus>()).HasMaxLength(20);

        builder.HasIndex(t => new { t.Registry, t.Repository, t.Tag }).IsUnique();
        builder.HasIndex(t => t.WatchGroup);

        builder.HasMany(t => t.Revisions).WithOne(r => r.WatchedTag).HasForeignKey(r => r.WatchedTagId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
