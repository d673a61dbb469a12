-- A rename in flight reserves the new name until the executor has renamed the container (or refused), so no
-- instance can be created or renamed into it meanwhile. The row goes with its instance.
CREATE TABLE instance_renames (
    project  TEXT NOT NULL,
    name     TEXT NOT NULL,
    instance TEXT NOT NULL,
    PRIMARY KEY (project, name),
    FOREIGN KEY (project, instance) REFERENCES instances (project, name) ON DELETE CASCADE ON UPDATE CASCADE
);
