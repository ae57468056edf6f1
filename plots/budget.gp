# rtocalc plot budget: give-up time against tcp_retries2
# Linux 6.18 model, HZ=1000, TLP on; columns: retries2, budget_s, then the typical give-up for each RTT
$data << EOD
0 0.2 0.816 0.852 1.24 3.596
1 0.6 1.652 1.724 1.24 3.596
2 1.4 3.292 3.436 2.472 3.596
3 3 6.54 3.436 4.904 7.228
4 6.2 13.228 6.828 9.96 14.684
5 12.6 13.228 13.804 19.816 14.684
6 25.4 26.348 27.5 39.272 29.34
7 51 52.332 54.636 79.72 58.396
8 102.2 105.836 110.444 158.568 118.044
9 204.6 210.796 220.012 280.616 235.292
10 324.6 332.844 342.06 402.664 357.34
11 444.6 454.892 464.108 524.712 479.388
12 564.6 576.94 586.156 646.76 601.436
13 684.6 698.988 708.204 768.808 723.484
14 804.6 821.036 830.252 890.856 845.532
15 924.6 943.084 952.3 1012.904 967.58
16 1044.6 1065.132 1074.348 1134.952 1089.628
17 1164.6 1187.18 1196.396 1257 1211.676
18 1284.6 1309.228 1318.444 1379.048 1333.724
19 1404.6 1431.276 1440.492 1501.096 1455.772
20 1524.6 1553.324 1562.54 1623.144 1577.82
EOD
set title "Give-up time against tcp_retries2 (Linux 6.18, HZ=1000): the kernel's budget and what connections see" noenhanced
set xlabel 'tcp_retries2' noenhanced
set ylabel 'seconds (log scale)'
set logscale y
set grid xtics ytics
set key below
set xrange [0:20]
set xtics 1
plot $data using 1:2 with linespoints lw 2 pt 7 title 'budget (tcp_model_timeout)' noenhanced, \
     $data using 1:3 with linespoints pt 1 title 'typical give-up, RTT 100 us' noenhanced, \
     $data using 1:4 with linespoints pt 2 title 'typical give-up, RTT 10 ms' noenhanced, \
     $data using 1:5 with linespoints pt 4 title 'typical give-up, RTT 100 ms' noenhanced, \
     $data using 1:6 with linespoints pt 6 title 'typical give-up, RTT 300 ms' noenhanced
