# SPDX-License-Identifier: BSD-3-Clause
# Mpps (a->b) against rule count for the three switches, from the data of
# bench/plot_data.jq; solid lines without hugepages, dashed with them.
#   gnuplot -e "data='FILE'; out='FILE.png'; frame=64; huge=0" bench/plot.gp
set terminal pngcairo size 900,560 font ",11"
set output out
set title sprintf("Forwarding, %d-byte frames, one switch core (median Mpps a->b)", frame)
set logscale x 10
set xlabel "rules"
set ylabel "Mpps per direction"
set yrange [0:*]
set offsets graph 0.05, graph 0.05, graph 0.08, 0
set grid
set key below
set datafile missing "NaN"
# One rule count only (--quick): give the log axis some width.
stats data using 1 nooutput
if (STATS_min == STATS_max) set xrange [STATS_min / 3.0 : STATS_max * 3.0]
# huge: 1 when the data has a hugepages series
if (!exists("huge")) huge = 0
if (huge) {
plot data using 1:2 with linespoints lw 2 pt 7 lc rgb "#777777" title "testpmd io (no rules)", \
     data using 1:3 with linespoints lw 2 pt 5 lc rgb "#1f77b4" title "OVS-DPDK 3.1", \
     data using 1:4 with linespoints lw 2 pt 9 lc rgb "#d62728" title "vmgate", \
     data using 1:5 with linespoints lw 2 dt 2 pt 6 lc rgb "#777777" title "testpmd, hugepages", \
     data using 1:6 with linespoints lw 2 dt 2 pt 4 lc rgb "#1f77b4" title "OVS, hugepages", \
     data using 1:7 with linespoints lw 2 dt 2 pt 8 lc rgb "#d62728" title "vmgate, hugepages"
} else {
plot data using 1:2 with linespoints lw 2 pt 7 lc rgb "#777777" title "testpmd io (no rules)", \
     data using 1:3 with linespoints lw 2 pt 5 lc rgb "#1f77b4" title "OVS-DPDK 3.1", \
     data using 1:4 with linespoints lw 2 pt 9 lc rgb "#d62728" title "vmgate"
}
