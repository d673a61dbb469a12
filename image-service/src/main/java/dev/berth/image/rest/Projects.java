package dev.berth.image.rest;

import dev.berth.image.domain.ImageNotFoundException;

/** Images live in the {@code default} project only, until projects land. */
final class Projects {
    private Projects() {
    }

    static void require(String project) {
        if (project != null && !project.isEmpty() && !project.equals("default")) {
            throw new ImageNotFoundException("Project not found");
        }
    }
}
