-- A NIC on a network without IPv4 (ipv4.address=none) holds only its MAC: the row keeps the MAC unique on the
-- network and lists the instance as a user, with no address.
ALTER TABLE allocations ALTER COLUMN ipv4 DROP NOT NULL;
