using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Monitor.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class BackfilledHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "backfill_attempted_at",
                schema: "monitor",
                table: "watched_tag",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "backfill_revision_id",
                schema: "monitor",
                table: "watched_tag",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "backfilled_at",
                schema: "monitor",
                table: "watched_tag",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "through_backfill_revision_id",
                schema: "monitor",
                table: "tag_cadence",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_tag_revision_backfill_outside_chain",
                schema: "monitor",
                table: "tag_revision",
                sql: "source = 'poll' OR (previous_revision_id IS NULL AND previous_check_at IS NULL AND NOT is_baseline)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_tag_revision_backfill_outside_chain",
                schema: "monitor",
                table: "tag_revision");

            migrationBuilder.DropColumn(
                name: "backfill_attempted_at",
                schema: "monitor",
                table: "watched_tag");

            migrationBuilder.DropColumn(
                name: "backfill_revision_id",
                schema: "monitor",
                table: "watched_tag");

            migrationBuilder.DropColumn(
                name: "backfilled_at",
                schema: "monitor",
                table: "watched_tag");

            migrationBuilder.DropColumn(
                name: "through_backfill_revision_id",
                schema: "monitor",
                table: "tag_cadence");
        }
    }
}
