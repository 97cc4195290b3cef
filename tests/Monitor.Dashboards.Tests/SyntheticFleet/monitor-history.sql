-- A small, hand-written history for the dashboard SQL proofs, relative to now():
-- docker.io/library/python:3.13-slim: baseline 40 days ago, then rebuilds 35, 28, 21, 14, 7 and 3 days ago,
-- a second push 2 hours after the 3-day one (a multi-arch burst: the same rebuild event), and a rollback
-- 1 day ago: 7 rebuild events. gcr.io/distroless/static:nonroot has only its baseline and keeps failing.
-- Like the service, every revision but the baseline names its predecessor (previous_revision_id) and
-- each watch points at its newest revision (current_revision_id).
INSERT INTO monitor.watched_tag (registry, repository, tag, source, watch_group, added_at, enabled, current_digest,
                                 last_checked_at, last_changed_at, consecutive_failures, last_error, status, stale_after, stale_factor)
VALUES ('docker.io', 'library/python', '3.13-slim', 'config', 'base', now() - interval '40 days', true, 'sha256:a35',
        now(), now() - interval '1 day', 0, NULL, 'ok', interval '30 days', 3),
       ('gcr.io', 'distroless/static', 'nonroot', 'config', 'base', now() - interval '90 days', true, 'sha256:d0',
        now(), now() - interval '60 days', 4, 'timeout after 30 s', 'failing', NULL, NULL);

INSERT INTO monitor.tag_revision (watched_tag_id, digest, media_type, first_seen_at, previous_check_at, source, is_baseline, is_rollback)
SELECT t.id, r.digest, 'application/vnd.oci.image.index.v1+json', now() - r.age,
       CASE WHEN r.baseline THEN NULL ELSE now() - r.age - interval '15 minutes' END, 'poll', r.baseline, r.rollback
FROM monitor.watched_tag t
JOIN (VALUES ('docker.io', 'sha256:a40', interval '40 days', true, false),
             ('docker.io', 'sha256:a35', interval '35 days', false, false),
             ('docker.io', 'sha256:a28', interval '28 days', false, false),
             ('docker.io', 'sha256:a21', interval '21 days', false, false),
             ('docker.io', 'sha256:a14', interval '14 days', false, false),
             ('docker.io', 'sha256:a07', interval '7 days', false, false),
             ('docker.io', 'sha256:a03', interval '3 days', false, false),
             ('docker.io', 'sha256:a03b', interval '3 days' - interval '2 hours', false, false),
             ('docker.io', 'sha256:a35', interval '1 day', false, true),
             ('gcr.io', 'sha256:d0', interval '90 days', true, false)) AS r(registry, digest, age, baseline, rollback)
  ON r.registry = t.registry;

UPDATE monitor.tag_revision r
SET previous_revision_id = chain.previous_id
FROM (SELECT id, lag(id) OVER (PARTITION BY watched_tag_id ORDER BY first_seen_at) AS previous_id
      FROM monitor.tag_revision) AS chain
WHERE chain.id = r.id AND chain.previous_id IS NOT NULL;

UPDATE monitor.watched_tag t
SET current_revision_id = newest.id
FROM (SELECT DISTINCT ON (watched_tag_id) watched_tag_id, id, digest
      FROM monitor.tag_revision
      ORDER BY watched_tag_id, first_seen_at DESC) AS newest
WHERE newest.watched_tag_id = t.id AND newest.digest = t.current_digest;

INSERT INTO monitor.revision_platform (revision_id, os, architecture, variant, digest)
SELECT r.id, 'linux', p.architecture, p.variant, 'sha256:' || r.id || p.architecture
FROM monitor.tag_revision r, (VALUES ('amd64', ''), ('arm64', 'v8')) AS p(architecture, variant);

INSERT INTO monitor.poll_run (node, watch_group, started_at, finished_at, tags_checked, changes, failures, missing)
VALUES ('monitor-1', 'base', now() - interval '1 hour', now() - interval '1 hour' + interval '4 seconds', 2, 0, 1, 0),
       ('monitor-2', 'base', now() - interval '2 hours', now() - interval '2 hours' + interval '5 seconds', 2, 1, 1, 0);
