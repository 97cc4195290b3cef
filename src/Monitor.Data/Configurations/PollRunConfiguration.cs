using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Monitor.Data.Entities;

namespace Monitor.Data.Configurations;

internal sealed class PollRunConfiguration : IEntityTypeConfiguration<PollRun>
{
    public void Configure(EntityTypeBuilder<PollRun> builder)
    {
        builder.ToTable("poll_run");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Node).HasMaxLength(200);
        builder.Property(r => r.WatchGroup).HasMaxLength(100);
        builder.HasIndex(r => r.StartedAt);
    }
}
