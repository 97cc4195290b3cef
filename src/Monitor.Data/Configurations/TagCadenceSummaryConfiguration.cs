using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Monitor.Data.Entities;

namespace Monitor.Data.Configurations;

internal sealed class TagCadenceSummaryConfiguration : IEntityTypeConfiguration<TagCadenceSummary>
{
    public void Configure(EntityTypeBuilder<TagCadenceSummary> builder)
    {
        builder.ToTable("tag_cadence");
        builder.HasKey(s => s.WatchedTagId);
        builder.Property(s => s.WatchedTagId).ValueGeneratedNever();
        builder.Property(s => s.Definition).HasMaxLength(200);
        builder.HasOne<WatchedTag>().WithOne().HasForeignKey<TagCadenceSummary>(s => s.WatchedTagId).OnDelete(DeleteBehavior.Cascade);
    }
}
