# rtocalc retrans: a gnuplot script with its data inline.
# Pipe it to gnuplot -p, or render a file with
#   gnuplot -e "set terminal svg; set output 'x.svg'" script.gp
# Linux 6.18 model, HZ=1000
# settings: tcp_retries1=3 tcp_retries2=15 user_timeout_ms=0 rtt_us=100 rto_us=0 rto_min_us=200000 rto_max_ms=120000 tlp=true in_flight=1 thin=false cc=cubic
# initial timer 201 ms, kernel budget 924.6 s counted from retrans_stamp at 402 ms
# give-up: typical 943.084 s (window 925.824 s - 960.344 s), nominal 925.824 s; 15 retransmissions typically (nominal 15, range 15-15); ETIMEDOUT (tcp_retries2)
# n at_s typical_s latest_s timer_s
$data << EOD
1 0.402 0.41 0.418 0.201
2 0.804 0.816 0.828 0.402
3 1.608 1.652 1.696 0.804
4 3.216 3.292 3.368 1.608
5 6.432 6.54 6.648 3.216
6 12.864 13.228 13.592 6.432
7 25.728 26.348 26.968 12.864
8 51.456 52.332 53.208 25.728
9 102.912 105.836 108.76 51.456
10 205.824 210.796 215.768 102.912
11 325.824 332.844 339.864 120
12 445.824 454.892 463.96 120
13 565.824 576.94 588.056 120
14 685.824 698.988 712.152 120
15 805.824 821.036 836.248 120
EOD
# x at_s typical_s earliest_s latest_s timer_s
$giveup << EOD
16 925.824 943.084 925.824 960.344 120
EOD
reset
set multiplot layout 2,1
set title "rtocalc retrans: Linux 6.18, HZ=1000, tcp_retries2=15, initial RTO 201 ms, rto_max 120 s, TLP on" noenhanced
set key below
set grid ytics
set xrange [0.5:16.5]
set xtics 1
set xlabel "retransmission" noenhanced
set ylabel "timer before it (s)" noenhanced
set logscale y
set yrange [0.1005:*]
set boxwidth 0.8
set style fill solid 0.5 border
plot $data using 1:5 with boxes title "RTO before each retransmission" noenhanced, \
     $giveup using 1:6 with boxes title "timer before the give-up" noenhanced
unset logscale y
set autoscale y
set key below
set title "time of each retransmission since the original send" noenhanced
set ylabel "time (s)" noenhanced
set logscale y
set yrange [0.1005:1920.688]
plot $data using 1:2:2:4 with yerrorbars pt 7 title "nominal, bar up to latest" noenhanced, \
     $data using 1:3 with points pt 2 title "typical" noenhanced, \
     $giveup using 1:3:4:5 with yerrorbars pt 5 title "give-up: typical, bar over the window" noenhanced, \
     925.002 with lines dt 2 title "kernel budget 924.6 s from retrans_stamp at 402 ms" noenhanced, \
     925.824 with lines dt 3 title "nominal give-up 925.824 s" noenhanced, \
     943.084 with lines dt 4 title "typical give-up 943.084 s" noenhanced
unset multiplot
