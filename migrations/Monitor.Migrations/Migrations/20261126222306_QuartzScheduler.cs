using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Monitor.Migrations.Migrations
{
    /// <summary>Quartz.NET's clustered job store tables, so the scheduler's schema is versioned with ours.</summary>
    public partial class QuartzScheduler : Migration
    {
        private static readonly string[] Tables =
        [
            "qrtz_fired_triggers", "qrtz_paused_trigger_grps", "qrtz_paused_job_grps", "qrtz_scheduler_state",
            "qrtz_locks", "qrtz_execution_history", "qrtz_job_status", "qrtz_misfire_history",
            "qrtz_simprop_triggers", "qrtz_simple_triggers", "qrtz_cron_triggers", "qrtz_blob_triggers",
            "qrtz_triggers", "qrtz_job_details", "qrtz_calendars",
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var statement in QuartzSchema.Statements())
            {
                migrationBuilder.Sql(statement);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"DROP TABLE IF EXISTS monitor.{table};");
            }
        }
    }
}
