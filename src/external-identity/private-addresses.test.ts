/**
 * Which addresses a profile picture may be fetched from: the predicate the fetch consults
 * for every address a name resolves to. No network traffic: the table is the whole test.
 */
import { describe, expect, it } from "vitest";
import { isPrivateAddress } from "./picture-fetch.ts";

const refused: [string, string][] = [
  ["127.0.0.1", "loopback"],
  ["127.255.0.9", "loopback, anywhere in 127/8"],
  ["10.0.0.1", "private 10/8"],
  ["10.255.255.254", "private 10/8"],
  ["172.16.0.1", "private 172.16/12"],
  ["172.31.255.254", "private 172.16/12"],
  ["192.168.1.1", "private 192.168/16"],
  ["169.254.169.254", "link-local (cloud metadata)"],
  ["100.64.0.1", "carrier-grade NAT"],
  ["100.127.255.254", "carrier-grade NAT"],
  ["0.0.0.0", "unspecified"],
  ["255.255.255.255", "broadcast"],
  ["224.0.0.1", "multicast"],
  ["240.0.0.1", "reserved"],
  ["192.0.2.10", "documentation"],
  ["::", "unspecified"],
  ["::1", "loopback"],
  ["fc00::1", "unique local"],
  ["fd12:3456::1", "unique local"],
  ["fe80::1", "link-local"],
  ["ff02::1", "multicast"],
  ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
  ["::ffff:10.0.0.1", "IPv4-mapped private"],
  ["::ffff:7f00:1", "IPv4-mapped loopback, written in hex"],
  ["64:ff9b::7f00:1", "NAT64, which reaches an IPv4 address"],
  ["2002:7f00:1::1", "6to4, which carries an IPv4 address"],
  ["2001:db8::1", "documentation"],
  ["not-an-address", "not an IP address at all"],
  ["", "empty"],
];

const allowed: [string, string][] = [
  ["93.184.216.34", "public IPv4"],
  ["8.8.8.8", "public IPv4"],
  ["172.32.0.1", "just outside 172.16/12"],
  ["100.128.0.1", "just outside carrier-grade NAT"],
  ["2606:4700::1111", "public IPv6"],
  ["::ffff:93.184.216.34", "IPv4-mapped public"],
];

describe("addresses a picture may not be fetched from", () => {
  it.each(refused)("refuses %s (%s)", (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(allowed)("allows %s (%s)", (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});
