package dev.berth.container.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Chooses the node a new instance runs on. One node for now; the cluster issue brings real placement. */
@ApplicationScoped
public class Placement {

    @ConfigProperty(name = "berth.node")
    String node;

    public String choose() {
        return node;
    }
}
