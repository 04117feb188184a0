#!/usr/bin/perl
# Helpers of bench/scale.sh.
#
#   scale_tools.pl options QUERY     the START_REPLICATION command a walsender
#                                    runs (pg_stat_activity.query) as
#                                    pg_recvlogical --option=NAME=VALUE lines
#   scale_tools.pl stamp             each input line prefixed with the time
#                                    it was read (epoch seconds, µs)
#   scale_tools.pl latency FROM TO   reads "ARRIVAL TIMESTAMP_MS HEADERS"
#                                    lines (stamp of kcat -f '%T %h\n') and
#                                    prints "transactions p50 p99 max" in ms,
#                                    commit (header cdc.commit_time) to the
#                                    arrival of the transaction's last message
#                                    at the consumer, then the same three to
#                                    the producer's message timestamp; only
#                                    transactions committed FROM..TO (epoch s)
use strict;
use warnings;
use Time::HiRes qw(time);
use Time::Local qw(timegm);

my $command = shift // '';
if ($command eq 'options') {
    my $query = shift // die "options QUERY\n";
    $query =~ s/^.*?\((.*)\)\s*$/$1/s or die "no option list in: $query\n";
    while ($query =~ /\G\s*(\w+)\s+'((?:[^']|'')*)'\s*(?:,|$)/gc) {
        my ($name, $value) = ($1, $2);
        $value =~ s/''/'/g;
        print "--option=$name=$value\n";
    }
    die "could not read the options at: " . substr($query, pos($query) // 0) . "\n"
        if (pos($query) // 0) < length($query);
} elsif ($command eq 'stamp') {
    $| = 1;
    while (my $line = <STDIN>) { printf "%.6f %s", time(), $line; }
} elsif ($command eq 'latency') {
    my ($from, $to) = @ARGV;
    my (%commit, %arrival, %produced);
    while (my $line = <STDIN>) {
        my ($arrival, $timestamp, $headers) = split ' ', $line, 3;
        next unless defined $headers;
        my ($lsn) = $headers =~ /cdc\.lsn=([^,\s]+)/;
        my ($y, $mo, $d, $h, $mi, $s, $fraction) =
            $headers =~ /cdc\.commit_time=(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)(\.\d+)?Z/ or next;
        my $commit = timegm($s, $mi, $h, $d, $mo - 1, $y) + ($fraction // 0);
        next if $commit < $from || $commit > $to;
        $commit{$lsn} = $commit;
        $arrival{$lsn} = $arrival if !defined $arrival{$lsn} || $arrival > $arrival{$lsn};
        $produced{$lsn} = $timestamp / 1000 if !defined $produced{$lsn} || $timestamp / 1000 > $produced{$lsn};
    }
    my @keys = keys %commit;
    my $summary = sub {
        my ($times) = @_;
        my @ms = sort { $a <=> $b } map { 1000 * ($times->{$_} - $commit{$_}) } @keys;
        return ('-', '-', '-') unless @ms;
        my $at = sub { $ms[int($_[0] * $#ms + 0.5)] };
        return map { sprintf '%.1f', $_ } ($at->(0.50), $at->(0.99), $ms[-1]);
    };
    print join(' ', scalar(@keys), $summary->(\%arrival), $summary->(\%produced)), "\n";
} else {
    die "usage: scale_tools.pl options QUERY | stamp | latency FROM TO\n";
}
