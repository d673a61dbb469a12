-- The default profile gets an eth0 on the node's default managed network, as `lxd init` sets up with lxdbr0.
-- The network is a placeholder (quarkus.flyway.placeholders.default_network, `none` for none), so a deployment without network-service
-- (or the module's own tests) keeps profiles without NICs.
UPDATE profiles
SET devices = devices || jsonb_build_object('eth0', jsonb_build_object('type', 'nic', 'name', 'eth0',
                                                                       'network', '${default_network}'))
WHERE project = 'default'
  AND name = 'default'
  AND devices -> 'eth0' IS NULL
  AND '${default_network}' <> 'none';
