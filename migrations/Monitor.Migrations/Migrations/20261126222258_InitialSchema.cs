using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Monitor.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "monitor");

            migrationBuilder.CreateTable(
                name: "poll_run",
                schema: "monitor",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    node = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    watch_group = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    tags_checked = table.Column<int>(type: "integer", nullable: false),
                    changes = table.Column<int>(type: "integer", nullable: false),
                    failures = table.Column<int>(type: "integer", nullable: false),
                    missing = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_poll_run", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "watched_tag",
                schema: "monitor",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    registry = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    repository = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    tag = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    watch_group = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    current_digest = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    current_revision_id = table.Column<long>(type: "bigint", nullable: true),
                    last_checked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    consecutive_failures = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    stale_after = table.Column<TimeSpan>(type: "interval", nullable: true),
                    stale_factor = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_watched_tag", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tag_revision",
                schema: "monitor",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    watched_tag_id = table.Column<long>(type: "bigint", nullable: false),
                    previous_revision_id = table.Column<long>(type: "bigint", nullable: true),
                    digest = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    media_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    first_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    previous_check_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    pushed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    image_created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    is_baseline = table.Column<bool>(type: "boolean", nullable: false),
                    is_rollback = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tag_revision", x => x.id);
                    table.ForeignKey(
                        name: "fk_tag_revision_tag_revision_previous_revision_id",
                        column: x => x.previous_revision_id,
                        principalSchema: "monitor",
                        principalTable: "tag_revision",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_tag_revision_watched_tags_watched_tag_id",
                        column: x => x.watched_tag_id,
                        principalSchema: "monitor",
                        principalTable: "watched_tag",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "revision_platform",
                schema: "monitor",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    revision_id = table.Column<long>(type: "bigint", nullable: false),
                    os = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    architecture = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    variant = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    digest = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_revision_platform", x => x.id);
                    table.ForeignKey(
                        name: "fk_revision_platform_tag_revision_revision_id",
                        column: x => x.revision_id,
                        principalSchema: "monitor",
                        principalTable: "tag_revision",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_poll_run_started_at",
                schema: "monitor",
                table: "poll_run",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_revision_platform_revision_id_os_architecture_variant",
                schema: "monitor",
                table: "revision_platform",
                columns: new[] { "revision_id", "os", "architecture", "variant" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tag_revision_one_baseline_per_tag",
                schema: "monitor",
                table: "tag_revision",
                column: "watched_tag_id",
                unique: true,
                filter: "is_baseline");

            migrationBuilder.CreateIndex(
                name: "ix_tag_revision_previous_revision_id",
                schema: "monitor",
                table: "tag_revision",
                column: "previous_revision_id",
                unique: true,
                filter: "previous_revision_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tag_revision_watched_tag_id_digest_first_seen_at",
                schema: "monitor",
                table: "tag_revision",
                columns: new[] { "watched_tag_id", "digest", "first_seen_at" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tag_revision_watched_tag_id_first_seen_at",
                schema: "monitor",
                table: "tag_revision",
                columns: new[] { "watched_tag_id", "first_seen_at" });

            migrationBuilder.CreateIndex(
                name: "ix_watched_tag_registry_repository_tag",
                schema: "monitor",
                table: "watched_tag",
                columns: new[] { "registry", "repository", "tag" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_watched_tag_watch_group",
                schema: "monitor",
                table: "watched_tag",
                column: "watch_group");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "poll_run",
                schema: "monitor");

            migrationBuilder.DropTable(
                name: "revision_platform",
                schema: "monitor");

            migrationBuilder.DropTable(
                name: "tag_revision",
                schema: "monitor");

            migrationBuilder.DropTable(
                name: "watched_tag",
                schema: "monitor");
        }
    }
}
