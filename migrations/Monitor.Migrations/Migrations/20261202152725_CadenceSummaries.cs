using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Monitor.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class CadenceSummaries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tag_cadence",
                schema: "monitor",
                columns: table => new
                {
                    watched_tag_id = table.Column<long>(type: "bigint", nullable: false),
                    through_revision_id = table.Column<long>(type: "bigint", nullable: false),
                    definition = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    computed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    event_count = table.Column<int>(type: "integer", nullable: false),
                    observed_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_rebuild_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    age_measured_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    interval_count = table.Column<int>(type: "integer", nullable: false),
                    interval_min = table.Column<TimeSpan>(type: "interval", nullable: true),
                    interval_median = table.Column<TimeSpan>(type: "interval", nullable: true),
                    interval_mean = table.Column<TimeSpan>(type: "interval", nullable: true),
                    interval_p90 = table.Column<TimeSpan>(type: "interval", nullable: true),
                    interval_max = table.Column<TimeSpan>(type: "interval", nullable: true),
                    recent_rebuilds = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tag_cadence", x => x.watched_tag_id);
                    table.ForeignKey(
                        name: "fk_tag_cadence_watched_tags_watched_tag_id",
                        column: x => x.watched_tag_id,
                        principalSchema: "monitor",
                        principalTable: "watched_tag",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tag_cadence",
                schema: "monitor");
        }
    }
}
