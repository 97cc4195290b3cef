using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Monitor.Data.Entities;

namespace Monitor.Data.Configurations;

internal sealed class RevisionPlatformConfiguration : IEntityTypeConfiguration<RevisionPlatform>
{
    public void Configure(EntityTypeBuilder<RevisionPlatform> builder)
    {
        builder.ToTable("revision_platform");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Os).HasMaxLength(50);
        builder.Property(p => p.Architecture).HasMaxLength(50);
        builder.Property(p => p.Variant).HasMaxLength(50);
        builder.Property(p => p.Digest).HasMaxLength(100);
        builder.HasIndex(p => new { p.RevisionId, p.Os, p.Architecture, p.Variant }).IsUnique();
    }
}
